using System.Globalization;
using Rearank.Core.IO;
using Rearank.Core.Model;


namespace Rearank.Core.Tests.IO;

public sealed class TrecRunTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static RankedHit Hit(string qid, string docid, double score, int rank = 0, string? tag = null) =>
        new() { QueryId = qid, DocId = docid, Score = score, Rank = rank, RunTag = tag };

    private string WriteRun(string name, IEnumerable<RankedHit> hits, string? runTag = "test")
    {
        var path = temp.PathOf(name);
        using var writer = new TrecRunWriter(TextFile.CreateText(path), runTag);
        foreach (var hit in hits) writer.Write(hit);
        return path;
    }

    [Fact]
    public void Writes_six_columns_with_ranks_renumbered_in_arrival_order()
    {
        var path = WriteRun("run.txt", [Hit("q1", "d9", 15.780599594116211, rank: 7), Hit("q1", "d3", 2.5, rank: 1), Hit("q2", "d1", -3)]);

        Assert.Equal("q1 Q0 d9 1 15.780600 test\nq1 Q0 d3 2 2.500000 test\nq2 Q0 d1 1 -3.000000 test\n", File.ReadAllText(path));
    }

    [Fact]
    public void Ties_and_rises_are_lowered_so_trec_eval_keeps_our_order()
    {
        var path = WriteRun("run.txt", [Hit("q", "a", 1.0), Hit("q", "b", 1.0), Hit("q", "c", 1.0000001), Hit("q", "d", 0.5)]);

        var scores = TrecRunReader.Read(path).Select(h => h.Score).ToList();

        Assert.Equal([1.0, 0.999999, 0.999998, 0.5], scores);
    }

    [Fact]
    public void Round_trips_through_gzip_keeping_ids_order_and_scores()
    {
        RankedHit[] hits = [Hit("1", "doc-1", 12.25), Hit("1", "doc-2", 11.5), Hit("2", "x", 0.125)];
        var path = WriteRun("run.txt.gz", hits);

        var read = TrecRunReader.Read(path).ToList();

        Assert.Equal(hits.Select(h => (h.QueryId, h.DocId, h.Score)), read.Select(h => (h.QueryId, h.DocId, h.Score)));
        Assert.Equal([1, 2, 1], read.Select(h => h.Rank));
        Assert.All(read, h => Assert.Equal("test", h.RunTag));
    }

    [Fact]
    public void A_german_culture_writes_the_same_bytes()
    {
        RankedHit[] hits = [Hit("q1", "d1", 1234.5678), Hit("q1", "d2", 0.25)];
        var invariant = File.ReadAllBytes(WriteRun("invariant.txt", hits));

        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, File.ReadAllBytes(WriteRun("german.txt", hits)));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Equal("q1 Q0 d1 1 1234.567800 test\nq1 Q0 d2 2 0.250000 test\n", System.Text.Encoding.UTF8.GetString(invariant));
    }

    [Fact]
    public void The_hit_tag_is_kept_unless_one_is_given_and_spaces_are_refused()
    {
        var path = WriteRun("run.txt", [Hit("q", "a", 2, tag: "bm25"), Hit("q", "b", 1)], runTag: null);

        Assert.Equal(["bm25", TrecRunWriter.DefaultRunTag], TrecRunReader.Read(path).Select(h => h.RunTag));
        Assert.Throws<ArgumentException>(() => new TrecRunWriter(TextWriter.Null, "two words"));
        using var writer = new TrecRunWriter(TextWriter.Null);
        Assert.Throws<ArgumentException>(() => writer.Write(Hit("q", "a doc", 1)));
        Assert.Throws<ArgumentException>(() => writer.Write(Hit("q", "a", double.NaN)));
    }

    [Fact]
    public void Bad_lines_name_file_and_line()
    {
        var path = temp.Write("run.txt", "q Q0 a 1 3.5 t\nq Q0 b two 2.5 t\nq Q0 c 3 2.5\nq Q0 d 4 NaN t\nq Q0 e 5 1 t\n");
        var errors = new List<MalformedRecordException>();

        var hits = TrecRunReader.Read(path, errors.Add).ToList();

        Assert.Equal(["a", "e"], hits.Select(h => h.DocId));
        Assert.Equal([2L, 3L, 4L], errors.Select(e => e.LineNumber));
        Assert.Contains("integer rank", errors[0].Message);
        Assert.Contains("6 columns", errors[1].Message);
        Assert.Contains("finite number", errors[2].Message);
    }

    [Fact]
    public void A_finished_query_is_on_disk_while_the_next_one_is_still_being_written()
    {
        var path = temp.PathOf("partial.txt");
        using var writer = new TrecRunWriter(TextFile.CreateText(path), "t");
        writer.Write(Hit("q1", "a", 2));
        writer.Write(Hit("q1", "b", 1));
        writer.Write(Hit("q2", "c", 1));

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("q1 Q0 a 1 2.000000 t\nq1 Q0 b 2 1.000000 t\n", reader.ReadToEnd());
    }

    [SharedDataFact]
    public void The_dl19_bm25_run_reads_in_full()
    {
        var hits = TrecRunReader.Read(SharedData.PathOf("dl19/trec_results_dl19_top100.txt")).ToList();

        Assert.Equal(4300, hits.Count);
        Assert.Equal(43, hits.Select(h => h.QueryId).Distinct().Count());
        Assert.Equal(("264014", "5611210", 1, 15.780599594116211), (hits[0].QueryId, hits[0].DocId, hits[0].Rank, hits[0].Score));
    }

    public void Dispose() => temp.Dispose();
}
