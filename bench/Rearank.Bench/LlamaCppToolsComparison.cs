using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Rearank.Core.Inference;
using Rearank.Core.Reranking;
using Rearank.Core.TestModels;

namespace Rearank.Bench;

/// <summary>
/// The session beside llama.cpp's own benchmarks on the same GGUF (--llama-cpp-tools DIR, a folder holding
/// llama-bench and llama-batched-bench): Qwen2.5-0.5B's shape with the real tokenizer, the same thread count, batch
/// size, unified KV cache and token counts. llama-bench gives one sequence's prompt and generation rates (generation
/// at the depth of the prompt); llama-batched-bench the aggregate rates at 1, 4, 8 and 16 sequences, against which the
/// session's rates and batched gain are set. The tools decode random tokens and never sample; the session samples
/// every token over 151,936 rows, so a ratio below 1 includes that work.
/// </summary>
internal static class LlamaCppToolsComparison
{
    private static readonly int[] Parallel = [1, 4, 8, 16];

    public static void Run(string scratch, string shared, string tools, int rounds)
    {
        var tokenizer = Path.Combine(shared, "qwen2.5-tokenizer", "tokenizer.json");
        var query = RerankBenchmarkData.Load(shared, 1)[0];
        var window = query.Hits.Take(20).Select(h => PassageText.Format(h.Title, h.Text ?? "")).ToList();
        var longWindow = PromptTemplates.Rearank.Messages(query.QueryText, window);
        var shortWindow = PromptTemplates.Rearank.Messages(query.QueryText, window.Take(2).ToList());
        var model = Path.Combine(scratch, "qwen05b-real-endless.gguf");
        RandomQwen2Model.Write(model, ModelShape.Qwen05B, neverEnds: true, tokenizer: tokenizer);
        int longTokens, shortTokens;
        using (var counter = LlamaSession.Open(new LlamaSessionOptions { ModelPath = model, ContextSize = 4096, MaxParallel = 1 }))
            (longTokens, shortTokens) = (counter.CountTokens(counter.Render(longWindow)), counter.CountTokens(counter.Render(shortWindow)));
        var threads = Environment.ProcessorCount;
        Console.WriteLine($"## The session beside llama.cpp's tools ({Version(tools, model)}), Qwen2.5-0.5B's shape with the real tokenizer (Q8_0), {threads} threads");
        Console.WriteLine();

        // Every round runs each tool once and then the session on the same work, so a machine whose speed drifts
        // (a shared VM's does, by 20% within minutes) slows both sides of a ratio alike; ratios are per round.
        var longContext = DecodeRates.ContextFor(model, longWindow, 64);
        var shortContext = DecodeRates.ContextFor(model, shortWindow, 32);
        var single = new List<(double SessionPrompt, double ToolPrompt, double SessionGeneration, double ToolGeneration)>();
        var many = Parallel.ToDictionary(n => n, _ => new List<(double SessionPrompt, double ToolPrompt, double SessionGeneration, double ToolGeneration)>());
        var bareGeneration = Parallel.ToDictionary(n => n, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // One sequence: a 20-passage window's prompt, then 64 tokens at that depth.
            var pp = LlamaBench(tools, model, threads, $"-p {longTokens} -n 0 -b {Math.Min(longContext, 4096)}");
            var tg = LlamaBench(tools, model, threads, $"-p 0 -n 64 -d {longTokens}");
            var one = DecodeRates.Session(model, longWindow, 64, 1, longContext);
            single.Add((one.PromptTokensPerSecond, pp, one.GeneratedTokensPerSecond, tg));
            // Many sequences: a 2-passage window's prompt each, 32 new tokens each, all in one unified KV cache.
            var batched = BatchedBench(tools, model, threads, shortTokens, 32, shortContext);
            foreach (var n in Parallel)
            {
                var rates = DecodeRates.Session(model, shortWindow, 32, n, shortContext);
                // The bare LLamaSharp loop too: whether a gap is the session's scheduling or the context LLamaSharp sets up.
                bareGeneration[n].Add(DecodeRates.OnOwnThread(() => DecodeRates.Bare(model, shortWindow, 32, n, shortContext)).GeneratedTokensPerSecond);
                many[n].Add((rates.PromptTokensPerSecond, batched[n].Prompt, rates.GeneratedTokensPerSecond, batched[n].Generation));
                Console.Error.WriteLine($"  round {round + 1}, {n} in flight: generation {rates.GeneratedTokensPerSecond:N1} vs {batched[n].Generation:N1} tokens/s");
            }
        }

        Console.WriteLine($"Medians of {rounds} interleaved rounds; each ratio is the median of the rounds' own ratios.");
        Console.WriteLine();
        Console.WriteLine($"| one window of 20 DL19 passages ({longTokens:N0} prompt tokens, 64 new) | session | llama-bench | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| prompt tokens/s | {M(single, r => r.SessionPrompt):N0} | {M(single, r => r.ToolPrompt):N0} | {M(single, r => r.SessionPrompt / r.ToolPrompt):F2} |");
        Console.WriteLine($"| generated tokens/s (at depth {longTokens:N0}) | {M(single, r => r.SessionGeneration):N1} | {M(single, r => r.ToolGeneration):N1} | {M(single, r => r.SessionGeneration / r.ToolGeneration):F2} |");
        Console.WriteLine();
        Console.WriteLine($"| windows in flight ({shortTokens} prompt tokens, 32 new each) | prompt tokens/s: session | llama-batched-bench | ratio | generated tokens/s: session | llama-batched-bench | ratio | bare LLamaSharp loop | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (n, r) in many)
        {
            var bareRatios = r.Select((x, i) => bareGeneration[n][i] / x.ToolGeneration);
            Console.WriteLine($"| {n} | {M(r, x => x.SessionPrompt):N0} | {M(r, x => x.ToolPrompt):N0} | {M(r, x => x.SessionPrompt / x.ToolPrompt):F2} | " +
                              $"{M(r, x => x.SessionGeneration):N1} | {M(r, x => x.ToolGeneration):N1} | {M(r, x => x.SessionGeneration / x.ToolGeneration):F2} | " +
                              $"{DecodeRates.Median(bareGeneration[n]):N1} | {DecodeRates.Median(bareRatios):F2} |");
        }
        Console.WriteLine();
        var gain = Enumerable.Range(0, rounds).Select(i => (Session: many[8][i].SessionGeneration / many[1][i].SessionGeneration, Tool: many[8][i].ToolGeneration / many[1][i].ToolGeneration)).ToList();
        Console.WriteLine($"Batched gain at 8 in flight (generation, 8 against 1, median over rounds): session {M(gain, g => g.Session):F2}×, llama-batched-bench {M(gain, g => g.Tool):F2}×.");
    }

    private static double M<T>(IEnumerable<T> rows, Func<T, double> value) => DecodeRates.Median(rows.Select(value));

    /// <summary>llama-bench's mean tokens/s over its repetitions for one test.</summary>
    private static double LlamaBench(string tools, string model, int threads, string test)
    {
        var json = Tool(tools, "llama-bench", $"-m {model} -t {threads} -r 1 -o json {test}");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Single().GetProperty("avg_ts").GetDouble();
    }

    /// <summary>llama-batched-bench's aggregate prompt and generation rates by sequence count, one run.</summary>
    private static Dictionary<int, (double Prompt, double Generation)> BatchedBench(string tools, string model, int threads, int prompt, int generate, int contextPerWindow)
    {
        var lines = Tool(tools, "llama-batched-bench",
            $"-m {model} -t {threads} -tb {threads} -c {contextPerWindow * Parallel.Max()} -b {Math.Min(contextPerWindow, 4096)} -ub 512 -kvu " +
            $"-npp {prompt} -ntg {generate} -npl {string.Join(',', Parallel)} --output-format jsonl");
        var seen = new Dictionary<int, (double Prompt, double Generation)>();
        foreach (var line in lines.Split('\n').Where(l => l.StartsWith('{')))
        {
            using var row = JsonDocument.Parse(line);
            seen[row.RootElement.GetProperty("pl").GetInt32()] = (row.RootElement.GetProperty("speed_pp").GetDouble(), row.RootElement.GetProperty("speed_tg").GetDouble());
        }
        return seen;
    }

    /// <summary>The build llama-bench reports in its JSON (build number and commit).</summary>
    private static string Version(string tools, string model)
    {
        using var document = JsonDocument.Parse(Tool(tools, "llama-bench", $"-m {model} -p 8 -n 0 -r 1 -o json"));
        var test = document.RootElement.EnumerateArray().Single();
        return $"build {test.GetProperty("build_number").GetInt32()}, commit {test.GetProperty("build_commit").GetString()}";
    }

    /// <summary>Runs one of the tools to completion within 30 minutes; its standard output (stderr keeps llama.cpp's log).</summary>
    private static string Tool(string tools, string name, string arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(tools, name), arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {arguments} ran past 30 minutes.");
        }
        var text = output.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{name} {arguments} failed ({process.ExitCode}): {errors.GetAwaiter().GetResult()[^Math.Min(2000, errors.Result.Length)..]}");
        return text;
    }
}
