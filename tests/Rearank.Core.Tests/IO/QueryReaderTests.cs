using Rearank.Core.IO;
using Rearank.Core.Model;


namespace Rearank.Core.Tests.IO;

public sealed class QueryReaderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private const string Topics = """
        <top>
        <num> Number: 301
        <title> International Organized
        Crime

        <desc> Description:
        Identify organizations that participate in international criminal activity.

        <narr> Narrative:
        A relevant document must name the organization.
        </top>

        <top>
        <num> 302
        <title> Poliomyelitis and Post-Polio
        </top>
        """;

    [Fact]
    public void Reads_trec_topics_with_fields_over_several_lines()
    {
        var path = temp.Write("topics.txt", Topics);

        Assert.Equal([new Query("301", "International Organized Crime"), new Query("302", "Poliomyelitis and Post-Polio")],
            QueryReader.Read(path).ToList());
        Assert.Equal("Identify organizations that participate in international criminal activity.",
            QueryReader.Read(path, topicField: TopicField.Description).First().Text);
        Assert.Equal("A relevant document must name the organization.",
            QueryReader.Read(path, topicField: TopicField.Narrative).First().Text);
    }

    [Fact]
    public void A_topic_without_a_number_is_reported_at_its_top_line()
    {
        var path = temp.Write("topics.txt", "<top>\n<title> no number\n</top>\n<top>\n<num> 7\n<title> fine\n</top>\n");
        var errors = new List<MalformedRecordException>();

        var queries = QueryReader.Read(path, onMalformed: errors.Add).ToList();

        Assert.Equal([new Query("7", "fine")], queries);
        Assert.Equal(1, Assert.Single(errors).LineNumber);
        Assert.Contains("<num>", errors[0].Message);
    }

    [Fact]
    public void Reads_beir_jsonl_and_tsv_and_detects_them()
    {
        var jsonl = temp.Write("queries.jsonl", "{\"_id\": \"0\", \"text\": \"0-dimensional biomaterials\", \"metadata\": {}}\n");
        var tsv = temp.Write("topics.tsv.gz", "156493\tdo goldfish grow\n1110199\twhat is wifi vs bluetooth\n");

        Assert.Equal(QueryFormat.BeirJsonl, QueryReader.Detect(jsonl));
        Assert.Equal(QueryFormat.Tsv, QueryReader.Detect(tsv));
        Assert.Equal([new Query("0", "0-dimensional biomaterials")], QueryReader.Read(jsonl).ToList());
        Assert.Equal(["156493", "1110199"], QueryReader.Read(tsv).Select(q => q.QueryId));
    }

    [Fact]
    public void A_tsv_line_without_text_names_its_line()
    {
        var path = temp.Write("q.tsv", "1\tfirst\n2\n3\tthird\n");
        var errors = new List<MalformedRecordException>();

        Assert.Equal(["1", "3"], QueryReader.Read(path, onMalformed: errors.Add).Select(q => q.QueryId));
        Assert.Equal(2, Assert.Single(errors).LineNumber);
    }

    [Theory]
    [InlineData(QueryFormat.BeirJsonl, "q.jsonl")]
    [InlineData(QueryFormat.Tsv, "q.tsv")]
    [InlineData(QueryFormat.TrecTopics, "topics.txt.gz")]
    public void Every_layout_round_trips(QueryFormat format, string name)
    {
        Query[] queries = [new("1", "what is a \"flea\"?"), new("q-2", "µm and °C")];
        var path = temp.PathOf(name);
        using (var writer = new QueryWriter(TextFile.CreateText(path), format))
            foreach (var q in queries) writer.Write(q);

        Assert.Equal(format, QueryReader.Detect(path));
        Assert.Equal(queries, QueryReader.Read(path).ToList());
    }

    [SharedDataFact]
    public void The_scifact_and_dl19_queries_parse()
    {
        Assert.Equal(1109, QueryReader.Read(SharedData.PathOf("scifact/queries.jsonl")).Count());
        Assert.Equal(300, QueryReader.Read(SharedData.PathOf("scifact/anserini/topics.beir-v1.0.0-scifact.test.tsv.gz")).Count());
        var dl19 = QueryReader.Read(SharedData.PathOf("dl19/topics.dl19-passage.txt")).ToList();
        Assert.Contains(new Query("156493", "do goldfish grow"), dl19);
    }

    public void Dispose() => temp.Dispose();
}
