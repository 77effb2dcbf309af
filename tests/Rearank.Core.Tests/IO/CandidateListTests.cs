using Rearank.Core.IO;
using Rearank.Core.Model;


namespace Rearank.Core.Tests.IO;

public sealed class CandidateListTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private const string TwoQueries = """
        [
          {
            "query": "how long is life cycle of flea",
            "hits": [
              {
                "content": "A flea can live up to a year.",
                "qid": 264014,
                "docid": "5611210",
                "rank": 1,
                "score": 15.7
              },
              {
                "content": "no document id here",
                "qid": 264014,
                "rank": 2,
                "score": 15.0
              },
              {"content": "third", "qid": 264014, "docid": "4834547", "rank": 3, "score": 14.9}
            ]
          },
          {"query": "what is wifi", "hits": [{"content": "Wi-Fi is…", "qid": "1110199", "docid": "d7", "rank": 1, "score": 3}]}
        ]
        """;

    [Fact]
    public void Reads_queries_and_hits_and_reports_a_bad_hit_at_its_line()
    {
        var path = temp.Write("candidates.json", TwoQueries);
        var errors = new List<MalformedRecordException>();

        var hits = CandidateListReader.Read(path, errors.Add).ToList();

        Assert.Equal(["5611210", "4834547", "d7"], hits.Select(h => h.DocId));
        Assert.Equal(["264014", "264014", "1110199"], hits.Select(h => h.QueryId));
        Assert.Equal("how long is life cycle of flea", hits[0].QueryText);
        Assert.Equal((1, 15.7, "A flea can live up to a year."), (hits[0].Rank, hits[0].Score, hits[0].Text));
        Assert.Equal(12, Assert.Single(errors).LineNumber);
        Assert.Contains("\"docid\"", errors[0].Message);
    }

    [Theory]
    [InlineData("\"rank\": \"1\"", "\"rank\" as a whole number")]
    [InlineData("\"rank\": 1.5", "\"rank\" as a whole number")]
    [InlineData("\"score\": \"high\"", "\"score\" as a finite number")]
    [InlineData("\"score\": 1e400", "\"score\" as a finite number")]
    [InlineData("\"content\": 42", "\"content\" as a string")]
    public void A_field_of_the_wrong_type_is_reported_not_replaced(string field, string expected)
    {
        var path = temp.Write("typed.json", $$"""
            [{"query": "q", "hits": [
              {"qid": "1", "docid": "a", "rank": 1, "score": 2.0, "content": "fine"},
              {"qid": "1", "docid": "b", {{field}}}
            ]}]
            """);
        var errors = new List<MalformedRecordException>();

        var hits = CandidateListReader.Read(path, errors.Add).ToList();

        Assert.Equal(["a"], hits.Select(h => h.DocId));
        var error = Assert.Single(errors);
        Assert.Equal(3, error.LineNumber);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Absent_or_null_rank_score_and_content_take_the_list_order()
    {
        var path = temp.Write("sparse.json", """[{"query": "q", "hits": [{"qid": "1", "docid": "a", "score": null}, {"qid": "1", "docid": "b"}]}]""");
        var hits = CandidateListReader.Read(path).ToList();
        Assert.Equal([(1, 2.0), (2, 1.0)], hits.Select(h => (h.Rank, h.Score)));
    }

    [Fact]
    public void Streams_a_file_far_larger_than_the_read_buffer()
    {
        var path = temp.PathOf("big.json.gz");
        const int queries = 300;
        using (var writer = new CandidateListWriter(TextFile.Create(path)))
        {
            for (var q = 0; q < queries; q++)
                for (var r = 0; r < 20; r++)
                    writer.Write(new RankedHit { QueryId = $"q{q}", QueryText = $"query {q}", DocId = $"d{q}-{r}", Rank = r + 1, Score = 100 - r, Text = new string('x', 500) });
        }

        var count = 0;
        foreach (var hit in CandidateListReader.Read(path))
        {
            Assert.Equal($"q{count / 20}", hit.QueryId);
            Assert.Equal(count % 20 + 1, hit.Rank);
            count++;
        }
        Assert.Equal(queries * 20, count);
    }

    [Fact]
    public void Rank_llms_json_array_reads_as_its_jsonl_does()
    {
        // rank_llm's DataWriter: write_in_json_format dumps the objects of its JSONL as one indented array.
        const string first = """{"query": {"text": "flea life", "qid": 264014}, "candidates": [{"docid": "d1", "score": 12.5, "doc": {"contents": "Fleas live a year."}}, {"docid": "d2", "score": 11.0, "doc": {"title": "Cycle", "text": "Four stages."}}]}""";
        const string second = """{"query": {"text": "cats", "qid": "q2"}, "candidates": [{"docid": "c1", "score": 3.0, "doc": {"segment": "Cats sleep."}}]}""";
        var jsonl = temp.Write("requests.jsonl", first + "\n" + second + "\n");
        var array = temp.Write("requests.json", System.Text.Json.JsonSerializer.Serialize(
            new[] { System.Text.Json.JsonDocument.Parse(first).RootElement, System.Text.Json.JsonDocument.Parse(second).RootElement },
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var errors = new List<MalformedRecordException>();

        var fromArray = CandidateListReader.Read(array, errors.Add).ToList();

        Assert.Empty(errors);
        Assert.Equal(CandidateListReader.Read(jsonl).ToList(), fromArray);
        Assert.Equal(["264014/d1/1/12.5/Fleas live a year.", "264014/d2/2/11/Four stages.", "q2/c1/1/3/Cats sleep."],
            fromArray.Select(h => FormattableString.Invariant($"{h.QueryId}/{h.DocId}/{h.Rank}/{h.Score}/{h.Text}")));
        Assert.Equal("Cycle", fromArray[1].Title);
    }

    [Fact]
    public void A_bad_request_in_rank_llms_json_array_names_its_line_and_the_next_one_is_read()
    {
        var path = temp.Write("bad.json", "[\n  {\"query\": {\"text\": \"q\"}, \"candidates\": []},\n  {\"query\": {\"text\": \"ok\", \"qid\": 2}, \"candidates\": [{\"docid\": \"x\"}]}\n]\n");
        var errors = new List<MalformedRecordException>();

        var hits = CandidateListReader.Read(path, errors.Add).ToList();

        Assert.Equal("x", Assert.Single(hits).DocId);
        var error = Assert.Single(errors);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("query.qid", error.Message);
    }

    [Fact]
    public void Round_trips_through_the_writer()
    {
        RankedHit[] hits =
        [
            new() { QueryId = "1", QueryText = "a \"quoted\" query", DocId = "x", Rank = 1, Score = 2.5, Title = null, Text = "µm" },
            new() { QueryId = "1", QueryText = "a \"quoted\" query", DocId = "y", Rank = 2, Score = 1.5, Title = null, Text = "second" },
            new() { QueryId = "2", QueryText = "other", DocId = "x", Rank = 1, Score = -1, Title = null, Text = "" },
        ];
        var path = temp.PathOf("c.json");
        using (var writer = new CandidateListWriter(TextFile.Create(path)))
            foreach (var h in hits) writer.Write(h);

        Assert.Equal(hits, CandidateListReader.Read(path).ToArray());
    }

    [Fact]
    public void A_syntax_error_stops_the_file_with_its_line()
    {
        var path = temp.Write("broken.json", "[\n {\"query\": \"q\", \"hits\": []},\n {\"query\": \"q2\" \"hits\": []}\n]\n");
        var errors = new List<MalformedRecordException>();

        var error = Assert.Throws<MalformedRecordException>(() => CandidateListReader.Read(path, errors.Add).ToList());

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("well-formed JSON", error.Message);
    }

    [Fact]
    public void Hits_of_a_query_must_arrive_together_when_written()
    {
        using var writer = new CandidateListWriter(new MemoryStream());
        writer.Write(new RankedHit { QueryId = "a", DocId = "1", Rank = 1, Score = 1 });
        writer.Write(new RankedHit { QueryId = "b", DocId = "1", Rank = 1, Score = 1 });

        Assert.Throws<ArgumentException>(() => writer.Write(new RankedHit { QueryId = "a", DocId = "2", Rank = 2, Score = 0 }));
    }

    [SharedDataFact]
    public void The_dl19_candidate_file_gives_43_queries_of_100_hits()
    {
        var hits = CandidateListReader.Read(SharedData.PathOf("dl19/retrieve_results_dl19_top100.json")).ToList();

        var perQuery = hits.GroupBy(h => h.QueryId).ToList();
        Assert.Equal(43, perQuery.Count);
        Assert.All(perQuery, g => Assert.Equal(100, g.Count()));
        Assert.All(hits, h => Assert.False(string.IsNullOrEmpty(h.Text)));
        Assert.Equal(("264014", "5611210", "how long is life cycle of flea"), (hits[0].QueryId, hits[0].DocId, hits[0].QueryText));
    }

    public void Dispose() => temp.Dispose();
}
