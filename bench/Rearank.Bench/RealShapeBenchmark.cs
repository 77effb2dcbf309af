using System.Diagnostics;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.TestModels;

namespace Rearank.Bench;

/// <summary>
/// Rates on the real model's shapes (--real-shapes): Qwen2.5-0.5B's layers with Qwen2.5's own tokenizer, so prompts
/// have the lengths REARANK-7B sees and the output layer has its 151,936 rows, and the 7B shape (Q4_0) for one
/// window. Each figure beside the bare llama.cpp loop in the same process, as the toy-vocabulary rates are.
/// </summary>
internal static class RealShapeBenchmark
{
    public static void Run(string scratch, string shared, int rounds, bool with7B)
    {
        var tokenizer = Path.Combine(shared, "qwen2.5-tokenizer", "tokenizer.json");
        var candidates = RerankBenchmarkData.Load(shared, 2);
        var window = candidates[0].Hits.Take(20).Select(h => PassageText.Format(h.Title, h.Text ?? "")).ToList();
        var messages = PromptTemplates.Rearank.Messages(candidates[0].QueryText, window);

        var endless = Path.Combine(scratch, "qwen05b-real-endless.gguf");
        var clock = Stopwatch.StartNew();
        RandomQwen2Model.Write(endless, ModelShape.Qwen05B, neverEnds: true, tokenizer: tokenizer);
        Console.WriteLine($"## Qwen2.5-0.5B's shape with Qwen2.5's tokenizer (Q8_0, {new FileInfo(endless).Length / 1e6:F0} MB, written in {clock.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine();
        Console.WriteLine("A window of 20 DL19 passages, 64 new tokens, one window:");
        DecodeRates.Print(endless, messages, 64, [1], rounds);
        Console.WriteLine();
        Console.WriteLine("A window of 2 DL19 passages, 32 new tokens, 1, 4, 8 and 16 windows in flight:");
        DecodeRates.Print(endless, PromptTemplates.Rearank.Messages(candidates[0].QueryText, window.Take(2).ToList()), 32, [1, 4, 8, 16], rounds);

        var ending = Path.Combine(scratch, "qwen05b-real.gguf");
        RandomQwen2Model.Write(ending, ModelShape.Qwen05B, tokenizer: tokenizer);
        Console.WriteLine();
        Console.WriteLine("The answer guard over 151,936 rows:");
        RerankBenchmark.Guard(ending, messages);
        Console.WriteLine();
        using (var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = ending, ContextSize = 4864, MaxParallel = 4 }))
        {
            Console.WriteLine($"A window of 20 DL19 passages is {session.CountTokens(session.Render(messages)):N0} prompt tokens with the real tokenizer.");
            RerankBenchmark.Dl19Run(session, candidates);
        }

        if (!with7B) return;
        var big = Path.Combine(scratch, "qwen7b-real.gguf");
        clock.Restart();
        RandomQwen2Model.Write(big, ModelShape.Qwen7B, neverEnds: true, tokenizer: tokenizer);
        Console.WriteLine();
        Console.WriteLine($"## Qwen2.5-7B's shape with Qwen2.5's tokenizer (Q4_0, {new FileInfo(big).Length / 1e9:F2} GB, written in {clock.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine();
        Console.WriteLine("A window of 20 DL19 passages, 16 new tokens, one window:");
        DecodeRates.Print(big, messages, 16, [1], 1);
        Console.WriteLine($"Peak working set of the process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB.");
    }
}
