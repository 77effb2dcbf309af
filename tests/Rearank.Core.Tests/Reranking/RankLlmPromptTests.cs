using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Reranking;

/// <summary>
/// rank_llm's templates against what rank_llm itself renders (Golden/rank_llm/prompts.json, made by
/// tools/rank_llm_goldens.py from rank_llm commit 1b3cabbc and ftfy 6.3.1): our hostile window whole, and DL19 windows
/// by digest (the passages are read from the shared data, not copied).
/// </summary>
public sealed class RankLlmPromptTests
{
    private static readonly JsonObject Golden = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reranking", "Golden", "rank_llm", "prompts.json")))!.AsObject();

    private static IEnumerable<JsonObject> Cases(Func<JsonObject, bool> which) => Golden["cases"]!.AsArray().Select(c => c!.AsObject()).Where(which);

    private static List<RankedHit> Hits(JsonArray passages) => passages.Select((p, i) => new RankedHit
    {
        QueryId = "q", DocId = i.ToString(), Rank = i + 1, Score = 100 - i,
        Title = p!["title"]?.GetValue<string>(),
        Text = (p["text"] ?? p["contents"])!.GetValue<string>(),
    }).ToList();

    private static JsonArray ToJson(IEnumerable<ChatMessage> messages) =>
        new(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray());

    /// <summary>Python's json.dumps(ensure_ascii=False) with its default ", " and ": " separators.</summary>
    private static string PythonJson(JsonNode node) => node switch
    {
        JsonArray array => "[" + string.Join(", ", array.Select(n => PythonJson(n!))) + "]",
        JsonObject obj => "{" + string.Join(", ", obj.Select(p => PythonString(p.Key) + ": " + PythonJson(p.Value!))) + "}",
        _ => PythonString(node.GetValue<string>()),
    };

    private static string PythonString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
            builder.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\b' => "\\b", '\f' => "\\f",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return builder.Append('"').ToString();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static TheoryData<string, bool> HostileCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in Cases(c => c["passages"] is not null)) data.Add(c["template"]!.GetValue<string>(), c["use_alpha"]!.GetValue<bool>());
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void A_hostile_window_renders_as_rank_llm_renders_it_byte_for_byte(string name, bool alphabetic)
    {
        var golden = Cases(c => c["passages"] is not null && c["template"]!.GetValue<string>() == name && c["use_alpha"]!.GetValue<bool>() == alphabetic).Single();
        var prompt = new RankLlmPrompt(RankLlmTemplate.Bundled(name), alphabetic);
        var query = golden["query"]!.GetValue<string>();
        var hits = Hits(golden["passages"]!.AsArray());

        if (prompt.Template.Method == RankLlmMethod.Pointwise)
        {
            var expected = golden["messages"]!.AsArray();
            for (var i = 0; i < hits.Count; i++)
                Assert.Equal(expected[i]!.ToJsonString(), ToJson(prompt.PointwiseMessages(query, hits[i])).ToJsonString());
            return;
        }
        Assert.Equal(golden["messages"]!.ToJsonString(), ToJson(prompt.RankLlmMessages(query, hits)).ToJsonString());
        Assert.Equal(golden["prompt"]!.GetValue<string>(), ChatMl.Render(prompt.Messages(query, hits)));
    }

    public static TheoryData<int> Dl19Cases()
    {
        var data = new TheoryData<int>();
        var all = Golden["cases"]!.AsArray();
        for (var i = 0; i < all.Count; i++)
            if (all[i]!["dl19_query"] is not null) data.Add(i);
        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Dl19Cases))]
    public void A_dl19_window_renders_as_rank_llm_renders_it_byte_for_byte(int index)
    {
        var golden = Golden["cases"]!.AsArray()[index]!.AsObject();
        var name = golden["template"]!.GetValue<string>();
        var prompt = new RankLlmPrompt(RankLlmTemplate.Bundled(name), golden["use_alpha"]!.GetValue<bool>());
        var (query, hits) = Dl19Window(golden["dl19_query"]!.ToString(), golden["start"]!.GetValue<int>(), golden["count"]!.GetValue<int>());

        if (prompt.Template.Method == RankLlmMethod.Pointwise)
        {
            var all = new JsonArray(hits.Select(h => (JsonNode)ToJson(prompt.PointwiseMessages(query, h))).ToArray());
            Assert.Equal(golden["messages_sha256"]!.GetValue<string>(), Sha256(PythonJson(all)));
            return;
        }
        Assert.Equal(golden["messages_sha256"]!.GetValue<string>(), Sha256(PythonJson(ToJson(prompt.RankLlmMessages(query, hits)))));
        var rendered = ChatMl.Render(prompt.Messages(query, hits));
        Assert.Equal(golden["prompt_chars"]!.GetValue<int>(), rendered.EnumerateRunes().Count());
        Assert.Equal(golden["prompt_sha256"]!.GetValue<string>(), Sha256(rendered));
    }

    private static (string Query, List<RankedHit> Hits) Dl19Window(string queryId, int start, int count)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("dl19/retrieve_results_dl19_top100.json")));
        foreach (var q in json.RootElement.EnumerateArray())
        {
            var hits = q.GetProperty("hits");
            if (hits[0].GetProperty("qid").ToString() != queryId) continue;
            var window = hits.EnumerateArray().Skip(start).Take(count).Select((h, i) => new RankedHit
            {
                QueryId = queryId, DocId = h.GetProperty("docid").GetString()!, Rank = i + 1, Score = 100 - i,
                Text = h.GetProperty("content").GetString(),
            }).ToList();
            return (q.GetProperty("query").GetString()!, window);
        }
        throw new InvalidOperationException($"DL19 has no query {queryId}");
    }

    [Fact]
    public void Every_bundled_template_loads_and_a_name_is_case_insensitive()
    {
        foreach (var name in RankLlmTemplate.BundledNames) Assert.Equal(name, RankLlmTemplate.Bundled(name.ToUpperInvariant()).Name);
        Assert.True(RankLlmTemplate.Bundled("rank_zephyr_alpha").AlphabeticIdentifiers);
        Assert.False(RankLlmTemplate.Bundled("rank_zephyr").AlphabeticIdentifiers);
        Assert.Equal(RankLlmMethod.MultiTurnListwise, RankLlmTemplate.Bundled("rank_gpt").Method);
        Assert.Equal(RankLlmMethod.Pointwise, RankLlmTemplate.Bundled("pointwise_vllm").Method);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => RankLlmTemplate.Bundled("rank_zepyhr"));
        Assert.Contains("rank_zepyhr", error.Message);
        Assert.Contains("rank_zephyr_alpha", error.Message);
        Assert.Contains("pointwise_vllm", error.Message);
    }

    [Theory]
    [InlineData("method: singleturn_listwise\nbody: \"[{rank}] {candidate}\"\nprefix: \"{query}\"\noutput_validation_regex: x\n", "output_extraction_regex")]
    [InlineData("method: singleturn_listwise\nbody: \"[{rank}]\"\nprefix: \"{query}\"\noutput_validation_regex: x\noutput_extraction_regex: y\n", "{candidate}")]
    [InlineData("method: singleturn_listwise\nbody: \"[{rank}] {candidate}\"\nprefix: \"{num}\"\noutput_validation_regex: x\noutput_extraction_regex: y\n", "{query}")]
    [InlineData("method: singleturn_listwise\nbody: \"[{rank}] {candidate} {doc}\"\nprefix: \"{query}\"\noutput_validation_regex: x\noutput_extraction_regex: y\n", "{doc}")]
    [InlineData("method: singleturn_listwise\nbody: \"[{rank}] {candidate}\"\nprefix: \"{query}\"\nsufix: \"x\"\noutput_validation_regex: x\noutput_extraction_regex: y\n", "'sufix'")]
    [InlineData("method: listwise\nbody: x\n", "method 'listwise'")]
    [InlineData("body: x\n", "'method'")]
    [InlineData("method: multiturn_listwise\nbody_user: \"[{rank}] {candidate}\"\nsuffix_user: \"{query}\"\noutput_validation_regex: x\noutput_extraction_regex: y\n", "prefix_assistant or body_assistant")]
    [InlineData("method: pointwise\nmessage_roles: reranker\n", "instruction")]
    [InlineData("method: [a, b]\n", "must be text")]
    [InlineData("method: \"unclosed\n", "not valid YAML")]
    public void A_template_rank_llm_would_refuse_names_the_file_and_the_problem(string yaml, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rearank-template-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            var error = Assert.Throws<InvalidTemplateException>(() => RankLlmTemplate.Load(path));
            Assert.StartsWith(path, error.Message);
            Assert.Contains(expected, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_template_file_renders_like_the_bundled_one_it_copies()
    {
        var path = Path.Combine(Path.GetTempPath(), $"my_zephyr-{Guid.NewGuid():N}.yaml");
        using (var stream = typeof(RankLlmTemplate).Assembly.GetManifestResourceStream("rank_llm/rank_zephyr.yaml")!)
        using (var file = File.Create(path)) stream.CopyTo(file);
        try
        {
            var hits = Hits(new JsonArray(new JsonObject { ["text"] = "one [2] two" }, new JsonObject { ["text"] = "three" }));
            var fromFile = new RankLlmPrompt(RankLlmTemplate.Load(path));
            Assert.Equal(ChatMl.Render(new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr")).Messages("q", hits)), ChatMl.Render(fromFile.Messages("q", hits)));
            Assert.Equal(path, fromFile.Template.Source);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
