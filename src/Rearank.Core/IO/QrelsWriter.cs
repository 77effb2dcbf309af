using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Writes judgments as TREC qrels ('qid 0 docid rel') or BEIR TSV with its header.</summary>
public sealed class QrelsWriter : IDisposable
{
    private readonly TextWriter writer;
    private readonly QrelsFormat format;

    public QrelsWriter(TextWriter writer, QrelsFormat format)
    {
        this.writer = writer;
        this.format = format;
        if (format != QrelsFormat.Trec) writer.Write("query-id\tcorpus-id\tscore\n");
    }

    public void Write(Judgment judgment)
    {
        var grade = judgment.Relevance.ToString(CultureInfo.InvariantCulture);
        writer.Write(format == QrelsFormat.Trec
            ? $"{judgment.QueryId} 0 {judgment.DocId} {grade}\n"
            : $"{judgment.QueryId}\t{judgment.DocId}\t{grade}\n");
    }

    public void Dispose() => writer.Dispose();
}
