using Rearank.Core.Retrieval;

namespace Rearank.Core.Tests.Retrieval;

public sealed class AnalyzerAndScoringTests
{
    private static readonly AnseriniEnglishAnalyzer Analyzer = new();

    [Theory]
    [InlineData("The cat's toys are running in the gardens", new[] { "cat", "toi", "run", "garden" })]
    [InlineData("0-dimensional biomaterials lack inductive properties.", new[] { "0", "dimension", "biomateri", "lack", "induct", "properti" })]
    [InlineData("C++ AND \"foo", new[] { "c", "foo" })]
    [InlineData("the of and to a", new string[0])]
    [InlineData("Café crème at 95 °C", new[] { "café", "crème", "95", "c" })]
    public void Text_is_analyzed_as_Anserini_does(string text, string[] terms) =>
        Assert.Equal(terms, Analyzer.Analyze(IndexFields.Contents, text));

    [Fact]
    public void The_stop_list_is_Lucenes_33_English_words() =>
        Assert.Equal(33, AnseriniEnglishAnalyzer.StopWords.Distinct().Count());

    [Theory]
    [InlineData(0, 0)]
    [InlineData(23, 23)]
    [InlineData(24, 24)]
    [InlineData(25, 25)]
    [InlineData(100, 96)]
    [InlineData(1000, 984)]
    [InlineData(int.MaxValue, 2_013_265_944)]
    public void Lengths_use_Lucene_9s_four_bit_encoding(int length, int decoded) =>
        Assert.Equal(decoded, LengthNorm.ByteToLength(LengthNorm.LengthToByte(length)));

    [Fact]
    public void Length_encoding_is_monotonic_and_exact_below_24()
    {
        for (var i = 0; i < 24; i++) Assert.Equal(i, LengthNorm.LengthToByte(i));
        var previous = 0;
        for (var length = 1; length < 100_000; length += 7)
        {
            int encoded = LengthNorm.LengthToByte(length);
            Assert.True(encoded >= previous);
            Assert.True(LengthNorm.ByteToLength((byte)encoded) <= length);
            previous = encoded;
        }
    }

    [Fact]
    public void Idf_is_Lucenes_bm25_idf_rounded_to_float()
    {
        Assert.Equal((float)Math.Log(1 + (5183 - 10 + 0.5) / 10.5), Lucene9Bm25Similarity.Idf(10, 5183));
        Assert.True(Lucene9Bm25Similarity.Idf(5183, 5183) > 0);
    }

    [Fact]
    public void Ties_are_rounded_to_four_decimals_then_nudged_and_finally_ordered_as_trec_eval_reads_them()
    {
        var hits = new[]
        {
            new TieBreaking.Scored("docZ", 21.602508f, 4), new TieBreaking.Scored("docT", 22.087432f, 3),
            new TieBreaking.Scored("docA", 23.439316f, 1), new TieBreaking.Scored("docS", 22.087429f, 2),
        };

        var ranked = TieBreaking.Apply(hits);

        Assert.Equal(["docA", "docS", "docT", "docZ"], ranked.Select(h => h.DocId));
        Assert.Equal(23.4393f, ranked[0].Score);
        Assert.Equal(22.0874f, ranked[1].Score);
        Assert.Equal(22.0874f - 1e-6f, ranked[2].Score);
        Assert.Equal(2.1234f, TieBreaking.RoundToFourDecimals(2.12344f));
        Assert.Equal(2.1235f, TieBreaking.RoundToFourDecimals(2.12345f)); // 21234.5 in float rounds half up
    }
}
