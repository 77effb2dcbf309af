using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.TestModels;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Inference;

/// <summary>
/// The local session's decode loop, in Core, on a real llama.cpp model whose greedy reply is a script: more windows
/// than slots all finish, in any order of arrival; a window that cannot fit fails alone; closing answers every
/// waiting window at once. No clock decides anything here.
/// </summary>
public sealed class DecodeLoopTests : IDisposable
{
    private static readonly string[] Script = ["<think>", "xy", "</think>", "\n<answer>", "[2] >", " [1]", "</answer>"];
    private const string Reply = "<think>xy</think>\n<answer>[2] > [1]</answer>";
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private LlamaSession Open(int parallel, int contextSize = 2048)
    {
        var path = temp.PathOf("scripted.gguf");
        if (!File.Exists(path)) ScriptedQwen2Model.Write(path, Script);
        return LlamaSession.Open(new LlamaSessionOptions { ModelPath = path, ContextSize = contextSize, MaxParallel = parallel });
    }

    private static WindowRequest Window(string query, string passage = "a passage", int maxNewTokens = 64) =>
        new(query, new RankWindow(0, 2), PromptTemplates.Rearank.Messages("fleas", [passage, "another passage"]), 2, Thinking: true, maxNewTokens);

    [Fact]
    public async Task More_windows_than_slots_all_finish_with_the_scripted_answer()
    {
        using var session = Open(parallel: 2);

        var completions = await Task.WhenAll(Enumerable.Range(0, 7).Select(i => session.CompleteAsync(Window($"q{i}"), CancellationToken.None)));

        Assert.All(completions, c => Assert.Equal((Reply, WindowStop.EndOfTurn), (c.Text, c.Stop)));
        Assert.Equal(completions.Sum(c => (long)c.OutputTokens), session.GeneratedTokens);
        // Each window's first token comes with its prompt; every other one in a generation step.
        Assert.Equal(session.GeneratedTokens - 7, session.GenerationStepTokens);
    }

    [Fact]
    public async Task A_window_that_cannot_fit_fails_alone_and_the_others_finish()
    {
        // The test vocabulary makes this prompt some 1,300 tokens: with 1,500 new ones it cannot fit 2,048.
        using var session = Open(parallel: 2);

        var tooLong = session.CompleteAsync(Window("long", maxNewTokens: 1500), CancellationToken.None);
        var fine = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => session.CompleteAsync(Window($"q{i}"), CancellationToken.None)));

        var error = await Assert.ThrowsAsync<ContextTooSmallException>(() => tooLong);
        Assert.Contains("Raise -ContextSize", error.Message);
        Assert.All(fine, c => Assert.Equal(Reply, c.Text));
    }

    [Fact]
    public async Task Closing_answers_every_window_still_waiting_and_later_calls_are_refused()
    {
        var session = Open(parallel: 1);
        // Long budgets on a model that never stops would keep them all waiting; the script stops, so close at once.
        var waiting = Enumerable.Range(0, 6).Select(i => session.CompleteAsync(Window($"q{i}"), CancellationToken.None)).ToList();

        session.Dispose();

        foreach (var window in waiting)
        {
            // Each one either finished before the close or was answered by it: none is left waiting.
            var outcome = await Record.ExceptionAsync(() => window.WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.True(outcome is null or SessionClosedException, outcome?.ToString());
        }
        Assert.True(session.IsClosed);
        await Assert.ThrowsAsync<SessionClosedException>(() => session.CompleteAsync(Window("late"), CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_window_is_cancelled_and_its_slot_serves_the_next()
    {
        using var session = Open(parallel: 1);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.CompleteAsync(Window("gone"), cancel.Token));
        var next = await session.CompleteAsync(Window("next"), CancellationToken.None);

        Assert.Equal(Reply, next.Text);
    }
}
