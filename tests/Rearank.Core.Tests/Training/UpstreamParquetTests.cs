using System.Text.Json;
using DuckDB.NET.Data;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Training;

namespace Rearank.Core.Tests.Training;

/// <summary>
/// The upstream-layout Parquet read by an independent reader (DuckDB): the schema REARANK's verl pipeline loads, the
/// row count, and every field of every row equal to the JSONL row written beside it.
/// </summary>
public sealed class UpstreamParquetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static List<TrainingRow> Rows()
    {
        var hits = Enumerable.Range(1, 30).Select(r => new RankedHit
        {
            QueryId = "264014", DocId = $"d{r}", Rank = r, Score = 20 - r / 3,   // tied in threes
            Title = r % 4 == 0 ? "A title" : null, Text = $"passage {r} about \"fleas\" ✓",
        }).ToList();
        var qrels = Qrels.From([new Judgment("264014", "d3", 2), new Judgment("264014", "d12", 1), new Judgment("264014", "d25", 3), new Judgment("264014", "d7", 0)]);
        return TrainingSetBuilder.Build([new QueryCandidates("264014", "how long do fleas live", hits)], qrels,
            new TrainingOptions { WindowsPerQuery = 3, ValidationFraction = 0 }).ToList();
    }

    [Fact]
    public async Task The_parquet_has_every_field_upstream_reads_and_each_row_equals_its_jsonl_row()
    {
        var upstream = UpstreamTrainingRows.From(Rows(), "rearank");
        var parquet = temp.PathOf("train.rearank.parquet");
        var jsonl = temp.PathOf("train.rearank.jsonl");
        await UpstreamTrainingFiles.WriteParquetAsync(upstream, parquet);
        UpstreamTrainingFiles.WriteJsonl(upstream, jsonl);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var schema = Query(connection, $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{parquet}'))")
            .ToDictionary(r => (string)r[0], r => (string)r[1]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["data_source"] = "VARCHAR",
            ["prompt"] = "STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]",
            ["ability"] = "VARCHAR",
            ["reward_model"] = "STRUCT(style VARCHAR, ground_truth VARCHAR)",
            ["extra_info"] = "STRUCT(split VARCHAR, \"index\" BIGINT, query_id VARCHAR)",
            ["query"] = "VARCHAR",
            ["hits"] = "STRUCT(qid VARCHAR, docid VARCHAR, rank BIGINT, score DOUBLE, \"content\" VARCHAR)[]",
            ["metrics"] = "STRUCT(\"NDCG@1\" DOUBLE, \"NDCG@5\" DOUBLE, \"NDCG@10\" DOUBLE)",
            ["best_metrics"] = "STRUCT(\"NDCG@1\" DOUBLE, \"NDCG@5\" DOUBLE, \"NDCG@10\" DOUBLE)",
            ["split"] = "VARCHAR",
        }, schema);

        // DuckDB renders each Parquet row as JSON, nested lists and structs included: each must be its JSONL row.
        var fromParquet = Query(connection, $"SELECT to_json(t)::VARCHAR FROM read_parquet('{parquet}') t").Select(r => (string)r[0]).ToList();
        var fromJsonl = File.ReadAllLines(jsonl);
        Assert.Equal(3, fromParquet.Count);
        Assert.Equal(fromJsonl.Length, fromParquet.Count);
        for (var i = 0; i < fromJsonl.Length; i++)
        {
            using var expected = JsonDocument.Parse(fromJsonl[i]);
            using var actual = JsonDocument.Parse(fromParquet[i]);
            Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement), $"row {i}:\n{fromJsonl[i]}\n{fromParquet[i]}");
        }

        // What upstream's reward reads is there and right: 20 hits of the window, the judged grades' nDCG, best never below.
        var row = JsonDocument.Parse(fromParquet[0]).RootElement;
        Assert.Equal(20, row.GetProperty("hits").GetArrayLength());
        Assert.Equal("how long do fleas live", row.GetProperty("query").GetString());
        Assert.StartsWith("Title: A title Content: passage 4", row.GetProperty("hits")[3].GetProperty("content").GetString());
        foreach (var k in new[] { "NDCG@1", "NDCG@5", "NDCG@10" })
            Assert.True(row.GetProperty("best_metrics").GetProperty(k).GetDouble() >= row.GetProperty("metrics").GetProperty(k).GetDouble());
        Assert.Equal("user", row.GetProperty("prompt")[1].GetProperty("role").GetString());
    }

    private static List<object[]> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }

    public void Dispose() => temp.Dispose();
}
