using System.Diagnostics;
using System.Globalization;
using Rearank.Core.Inference;
using Rearank.Core.Reranking;
using Rearank.Core.TestModels;

namespace Rearank.Bench;

/// <summary>
/// The one GPU check (--gpu), made to run where there is no .NET, no PowerShell and no network: the published runner
/// writes REARANK-7B's shape (Q4_0) with Qwen2.5's tokenizer, opens a session on the llama.cpp natives in --natives with
/// every layer offloaded and 16 windows in flight, reranks DL19-shaped queries as REARANK does (window 20, step 10,
/// 100 candidates) and prints the rates, windows/min and the GPU's memory. On a CPU it runs the same steps
/// (--shape Qwen05B --gpu-layers 0), which is how it is proved before a GPU machine is spent on it.
/// </summary>
internal static class GpuCheck
{
    public static void Run(string scratch, IReadOnlyList<string> args)
    {
        var data = Value(args, "--data") ?? throw new InvalidOperationException("--gpu reads tokenizer.json and the DL19 candidates from --data (a folder laid out as ../shared/data).");
        if (Value(args, "--natives") is { } natives) NativeLibraryFolder.Use(Path.GetFullPath(natives));
        var shape = ModelShape.Named(Value(args, "--shape") ?? "Qwen7B");
        var gpuLayers = Number(args, "--gpu-layers", 999);
        var parallel = Number(args, "--parallel", 16);
        var newTokens = Number(args, "--new-tokens", 128);
        var queryCounts = (Value(args, "--queries") ?? "4,16").Split(',').Select(q => int.Parse(q, CultureInfo.InvariantCulture)).ToArray();

        var tokenizer = Path.Combine(data, "qwen2.5-tokenizer", "tokenizer.json");
        var candidates = RerankBenchmarkData.Load(data, queryCounts.Max());
        var model = Path.Combine(scratch, "rearank-shape.gguf");
        var clock = Stopwatch.StartNew();
        RandomQwen2Model.Write(model, shape, tokenizer: tokenizer);
        Console.WriteLine($"Wrote a random model of {Value(args, "--shape") ?? "Qwen7B"}'s shape ({shape.Quantization}, {new FileInfo(model).Length / 1e9:F2} GB) with Qwen2.5's tokenizer in {clock.Elapsed.TotalSeconds:F1} s.");
        Console.WriteLine($"llama.cpp natives: {NativeLibraryFolder.Current ?? "the module's own (CPU)"}; GPU memory before loading: {GpuMemory.Read() ?? "no nvidia-smi"}.");

        using var gpu = new GpuMemory();
        var options = new LlamaSessionOptions { ModelPath = model, ContextSize = 4096, MaxParallel = parallel, GpuLayerCount = gpuLayers };
        using var session = LlamaSession.Open(options);
        Console.WriteLine($"Session: {gpuLayers} layers asked on the GPU, {parallel} windows in flight at most, {options.ContextSize:N0} tokens per window; " +
                          $"planned {session.Memory}; loaded in {session.LoadTime.TotalSeconds:F1} s; GPU memory now {GpuMemory.Read() ?? "not measured"}.");
        foreach (var count in queryCounts)
        {
            var queries = candidates.Take(count).ToList();
            var (promptTokens, promptTime) = (session.PromptTokens, session.PromptTime);
            var (generated, generationTime) = (session.GenerationStepTokens, session.GenerationTime);
            var reranker = new ListwiseReranker(session, new RerankOptions { MaxNewTokens = newTokens, MaxConcurrentQueries = count });
            clock.Restart();
            var results = Task.WhenAll(queries.Select(q => reranker.RerankAsync(q))).GetAwaiter().GetResult();
            var minutes = clock.Elapsed.TotalMinutes;
            var windows = results.Sum(r => r.Trace.Windows.Count);
            var valid = results.Sum(r => r.Trace.Windows.Count(w => w.FormatValid));
            var prompt = session.PromptTime - promptTime;
            var generation = session.GenerationTime - generationTime;
            Console.WriteLine($"{count} queries x 100 candidates, window 20, step 10, {newTokens} new tokens, up to {Math.Min(count, parallel)} windows in flight: " +
                              $"{windows} windows ({valid} with a well-formed answer; random weights rarely write one) in {clock.Elapsed.TotalSeconds:F1} s = {windows / minutes:F1} windows/min; " +
                              $"prompts {(session.PromptTokens - promptTokens) / prompt.TotalSeconds:F0} tokens/s, generation {(session.GenerationStepTokens - generated) / generation.TotalSeconds:F1} tokens/s (all windows together).");
        }
        Console.WriteLine($"Peak GPU memory used: {gpu.PeakText}; peak working set of the process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB.");
    }

    private static string? Value(IReadOnlyList<string> args, string name)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    private static int Number(IReadOnlyList<string> args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
