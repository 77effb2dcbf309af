using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Training;

namespace Rearank.Core.Tests.Training;

public sealed class TrainingSetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static QueryCandidates Query(string id, int count) => new(id, $"query {id}", Enumerable.Range(1, count).Select(r => new RankedHit
    {
        QueryId = id, DocId = $"{id}-d{r}", Rank = r, Score = 100 - r, Title = "", Text = $"passage {r}",
    }).ToList());

    private static readonly Qrels Judged = Qrels.From(
    [
        new Judgment("q1", "q1-d3", 2), new Judgment("q1", "q1-d15", 1),
        new Judgment("q2", "q2-d1", 0),                 // nothing relevant: no window
        new Judgment("q3", "q3-d30", 1),                // relevant only below the first window
    ]);

    [Fact]
    public void Only_windows_with_a_relevant_passage_become_rows_with_their_messages_and_ndcg()
    {
        var rows = TrainingSetBuilder.Build([Query("q1", 40), Query("q2", 40), Query("q3", 40)], Judged, new TrainingOptions { ValidationFraction = 0 }).ToList();

        var row = Assert.Single(rows);
        Assert.Equal(("q1", "train", 20), (row.QueryId, row.Split, row.DocIds.Count));
        Assert.Equal(2, row.Grades[2]);
        Assert.Equal(PromptTemplates.Rearank.Messages("query q1", row.DocIds.Select((_, i) => $"passage {i + 1}").ToList()), row.Messages);
        Assert.True(row.InitialNdcg < row.IdealNdcg);
    }

    [Fact]
    public void Several_shuffled_windows_per_query_are_reproducible_by_seed()
    {
        var options = new TrainingOptions { WindowsPerQuery = 4, Shuffle = true, Seed = 7, ValidationFraction = 0 };

        var first = TrainingSetBuilder.Build([Query("q1", 40), Query("q3", 40)], Judged, options).ToList();
        var again = TrainingSetBuilder.Build([Query("q1", 40), Query("q3", 40)], Judged, options).ToList();

        Assert.Equal(first.Select(r => string.Join(",", r.DocIds)), again.Select(r => string.Join(",", r.DocIds)));
        Assert.Contains(first, r => r.QueryId == "q3");
        Assert.NotEqual(Enumerable.Range(1, 20).Select(r => $"q1-d{r}"), first[0].DocIds);
        Assert.All(first, r => Assert.Contains(r.Grades, g => g >= 1));
    }

    [Fact]
    public void The_split_is_by_query_never_by_window()
    {
        var queries = Enumerable.Range(0, 200).Select(i => Query($"x{i}", 30)).ToList();
        var qrels = Qrels.From(queries.Select(q => new Judgment(q.QueryId, q.Hits[0].DocId, 1)));

        var rows = TrainingSetBuilder.Build(queries, qrels, new TrainingOptions { WindowsPerQuery = 2, ValidationFraction = 0.2 }).ToList();

        Assert.All(rows.GroupBy(r => r.QueryId), g => Assert.Single(g.Select(r => r.Split).Distinct()));
        Assert.InRange(rows.Count(r => r.Split == "validation") / (double)rows.Count, 0.1, 0.3);
    }

    [Fact]
    public async Task Parquet_has_verls_columns_and_reads_back()
    {
        var rows = TrainingSetBuilder.Build([Query("q1", 40)], Judged, new TrainingOptions { ValidationFraction = 0 }).ToList();
        var path = temp.PathOf("train.parquet");

        await TrainingSetFiles.WriteParquetAsync(rows, path, "scifact");
        var (read, columns) = await TrainingSetFiles.ReadParquetAsync(path);

        foreach (var column in new[] { "data_source", "prompt", "ability", "reward_model", "extra_info" })
            Assert.Contains(columns, c => c.StartsWith(column, StringComparison.Ordinal));
        var row = Assert.Single(read);
        Assert.Equal(("scifact", "rerank", "rule"), (row.DataSource, row.Ability, row.RewardModel.Style));
        Assert.Equal(rows[0].Messages.Select(m => (m.Role, m.Content)), row.Prompt.Select(m => (m.Role, m.Content)));
        Assert.Contains("\"grades\":[0,0,2", row.RewardModel.GroundTruth);
        Assert.Equal(("q1", rows[0].InitialNdcg), (row.ExtraInfo.QueryId, row.ExtraInfo.InitialNdcg));
        Assert.Equal(rows[0].DocIds, row.ExtraInfo.DocIds);
    }

    [SharedDataFact]
    public async Task A_scifact_training_set_exports_and_reads_back()
    {
        var corpus = DocumentReader.Read(SharedData.PathOf("scifact/corpus.jsonl")).ToDictionary(d => d.DocId);
        var queries = QueryReader.Read(SharedData.PathOf("scifact/queries.jsonl")).ToDictionary(q => q.QueryId);
        var qrels = Qrels.From(QrelsReader.Read(SharedData.PathOf("scifact/qrels/train.tsv")));
        // Candidates: the judged documents among a fixed slice of the corpus, as a first stage would mix them.
        var candidates = qrels.QueryIds.Select(id => new QueryCandidates(id, queries[id].Text,
            qrels.For(id)!.Grades.Keys.Concat(corpus.Keys.Take(19)).Distinct().Select((d, i) => new RankedHit
            {
                QueryId = id, DocId = d, Rank = i + 1, Score = -i, Title = corpus[d].Title, Text = corpus[d].Text,
            }).ToList())).ToList();

        var rows = TrainingSetBuilder.Build(candidates, qrels, new TrainingOptions()).ToList();
        var path = temp.PathOf("scifact.parquet");
        await TrainingSetFiles.WriteParquetAsync(rows, path, "scifact");
        var (read, _) = await TrainingSetFiles.ReadParquetAsync(path);

        Assert.Equal(809, rows.Select(r => r.QueryId).Distinct().Count());
        Assert.Equal(rows.Count, read.Count);
        Assert.Contains(read, r => r.ExtraInfo.Split == "validation");
    }

    public void Dispose() => temp.Dispose();
}
