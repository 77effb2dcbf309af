using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Writes queries as BEIR JSONL, qid-TAB-text, or TREC topics (title only).</summary>
public sealed class QueryWriter(TextWriter writer, QueryFormat format) : IDisposable
{
    public void Write(Query query)
    {
        switch (format)
        {
            case QueryFormat.Tsv:
                writer.Write($"{query.QueryId}\t{DocumentWriter.Flatten(query.Text)}\n");
                break;
            case QueryFormat.TrecTopics:
                writer.Write($"<top>\n\n<num> Number: {query.QueryId}\n<title> {DocumentWriter.Flatten(query.Text)}\n\n</top>\n\n");
                break;
            default:
                JsonText.WriteLine(writer, json =>
                {
                    json.WriteString("_id", query.QueryId);
                    json.WriteString("text", query.Text);
                    json.WriteStartObject("metadata");
                    json.WriteEndObject();
                });
                break;
        }
    }

    public void Dispose() => writer.Dispose();
}
