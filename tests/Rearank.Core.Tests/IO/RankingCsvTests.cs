using System.Globalization;
using Rearank.Core.IO;
using Rearank.Core.Model;


namespace Rearank.Core.Tests.IO;

public sealed class RankingCsvTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static readonly RankedHit[] Hits =
    [
        new() { QueryId = "q1", DocId = "d1", Rank = 1, Score = 12.5, RunTag = "bm25", QueryText = "why, \"exactly\"?", Title = "A, B", Text = "line one\nline two" },
        new() { QueryId = "q1", DocId = "d2", Rank = 2, Score = -0.125, RunTag = "bm25", QueryText = "why, \"exactly\"?", Title = "", Text = "=SUM(A1) stays text" },
        new() { QueryId = "q2", DocId = "d3", Rank = 1, Score = 1e-7, RunTag = "bm25", QueryText = "µm", Title = "Café", Text = "plain" },
    ];

    private string WriteCsv(string name)
    {
        var path = temp.PathOf(name);
        using var writer = new RankingCsvWriter(TextFile.CreateText(path));
        foreach (var hit in Hits) writer.Write(hit);
        return path;
    }

    [Fact]
    public void Round_trips_quotes_commas_line_breaks_and_unicode()
    {
        Assert.Equal(Hits, RankingCsvReader.Read(WriteCsv("hits.csv")).ToArray());
        Assert.Equal(Hits, RankingCsvReader.Read(WriteCsv("hits.csv.gz")).ToArray());
    }

    [Fact]
    public void Writes_a_header_and_invariant_numbers_under_a_german_culture()
    {
        var invariant = File.ReadAllBytes(WriteCsv("a.csv"));
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, File.ReadAllBytes(WriteCsv("b.csv")));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        var text = System.Text.Encoding.UTF8.GetString(invariant);
        Assert.StartsWith("QueryId,DocId,Rank,Score,RunTag,QueryText,Title,Text\n", text);
        Assert.Contains(",12.5,", text);
        Assert.NotEqual(0xEF, invariant[0]);
    }

    [Fact]
    public void A_row_with_a_bad_number_names_its_line_and_the_rest_flows()
    {
        var path = temp.Write("hits.csv", "QueryId,DocId,Rank,Score\nq,a,1,2.5\nq,b,2,high\nq,c,3,0.5\n");
        var errors = new List<MalformedRecordException>();

        var hits = RankingCsvReader.Read(path, errors.Add).ToList();

        Assert.Equal(["a", "c"], hits.Select(h => h.DocId));
        Assert.Equal(3, Assert.Single(errors).LineNumber);
    }

    public void Dispose() => temp.Dispose();
}
