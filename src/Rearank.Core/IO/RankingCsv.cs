using CsvHelper;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Writes hits as CSV, one row per hit under a header, for spreadsheets and pandas. Numbers are culture-invariant.
/// Text is written as it is (no formula escaping), so a file reads back to exactly the hits that were written.
/// Ranks are numbered in arrival order within each query, as in a TREC run.
/// </summary>
public sealed class RankingCsvWriter : IHitWriter
{
    private readonly CsvWriter csv;
    private readonly TextWriter writer;
    private readonly ArrivalRanks ranks = new();
    private string? lastQueryId;

    public RankingCsvWriter(TextWriter writer)
    {
        this.writer = writer;
        var options = new CsvWriterOptions
        {
            NewLine = "\n",
            FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
            WriteByteOrderMark = false,
        };
        csv = CsvWriter.Create(writer, options, leaveOpen: false);
        csv.WriteHeader<RankingCsvRow>();
    }

    public void Write(RankedHit hit)
    {
        if (lastQueryId is not null && !string.Equals(lastQueryId, hit.QueryId, StringComparison.Ordinal)) Flush();
        lastQueryId = hit.QueryId;
        csv.WriteRecord(RankingCsvRow.From(hit with { Rank = ranks.Next(hit.QueryId) }));
    }

    public void Flush()
    {
        csv.Flush();
        CommittedFileStream.CommitUnder(writer);
    }

    public void Complete() => Flush();

    public void Dispose() => csv.Dispose();
}

/// <summary>Reads hits back from a CSV that <see cref="RankingCsvWriter"/> wrote, or any CSV with those column names.</summary>
public static class RankingCsvReader
{
    public static IEnumerable<RankedHit> Read(string path, MalformedRecordHandler? onMalformed = null)
    {
        using var stream = TextFile.OpenRead(path);
        CsvReader? reader = null;
        var options = new CsvReaderOptions
        {
            TrackLineNumbers = true,
            FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
            OnRecordError = error =>
            {
                onMalformed.Report(new MalformedRecordException(path, reader?.LineNumber ?? error.RowNumber + 1,
                    $"a row 'QueryId,DocId,Rank,Score,...' with valid values: {error.Exception.InnerException?.Message ?? error.Exception.Message}",
                    error.RawRecord, error.Exception));
                return true;
            },
        };
        using var csv = reader = CsvReader.Create(stream, options, leaveOpen: false);
        IEnumerator<RankingCsvRow> rows;
        try
        {
            rows = csv.GetRecords<RankingCsvRow>().GetEnumerator();
        }
        catch (KeyNotFoundException e)
        {
            throw MissingColumns(path, e);
        }
        using var owned = rows;
        while (true)
        {
            try
            {
                if (!rows.MoveNext()) yield break;
            }
            catch (KeyNotFoundException e)
            {
                throw MissingColumns(path, e);
            }
            yield return rows.Current.ToHit();
        }
    }

    /// <summary>The header lacks a required column: nothing in the file can be read.</summary>
    private static MalformedRecordException MissingColumns(string path, Exception e) =>
        new(path, 1, "a CSV header with QueryId (or qid), DocId (or docid, docno, pid) and Score columns", null, e);
}

/// <summary>
/// The CSV columns of a hit; CsvHelper generates the mapping at compile time. Only the ids and the score are
/// required, under our names or the ones other tools use, so a hand-made or pandas-written CSV reads too.
/// </summary>
[CsvRecord]
public sealed partial record RankingCsvRow
{
    [CsvColumn("QueryId", "qid", "query-id", "query_id")]
    public string QueryId { get; set; } = "";

    [CsvColumn("DocId", "docid", "docno", "pid", "corpus-id", "doc_id")]
    public string DocId { get; set; } = "";

    [CsvColumn(Optional = true)]
    public int Rank { get; set; }

    public double Score { get; set; }

    [CsvColumn(Optional = true)]
    public string? RunTag { get; set; }

    [CsvColumn(Optional = true)]
    public string? QueryText { get; set; }

    [CsvColumn(Optional = true)]
    public string? Title { get; set; }

    [CsvColumn(Optional = true)]
    public string? Text { get; set; }

    public static RankingCsvRow From(RankedHit hit) => new()
    {
        QueryId = hit.QueryId, DocId = hit.DocId, Rank = hit.Rank, Score = hit.Score, RunTag = hit.RunTag,
        QueryText = hit.QueryText, Title = hit.Title, Text = hit.Text,
    };

    public RankedHit ToHit() => new()
    {
        QueryId = QueryId, DocId = DocId, Rank = Rank, Score = Score, RunTag = RunTag,
        QueryText = QueryText, Title = Title, Text = Text,
    };
}
