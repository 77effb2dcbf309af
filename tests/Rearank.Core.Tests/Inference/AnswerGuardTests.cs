using Rearank.Core.Model;
using System.Text;
using Rearank.Core.Inference;

namespace Rearank.Core.Tests.Inference;

/// <summary>The answer language and the guard's choices, against a small made-up vocabulary and logits.</summary>
public sealed class AnswerGuardTests
{
    // Token ids are positions in this list; the last one ends the turn.
    private static readonly string[] Pieces =
        ["<", "/", "think", ">", "answer", "[", "]", " ", "\n", "1", "2", "3", "0", "</think>", "\n<answer>", "[2] >", " [1]", "</answer>", " >", "x", "é", "<|im_end|>"];
    private static readonly int End = Pieces.Length - 1;

    private static GuardVocabulary Vocabulary() => GuardVocabulary.Read(Pieces.Length,
        t => t == End ? [] : Encoding.UTF8.GetBytes(Pieces[t]), t => t == End);

    /// <summary>Logits that put the given token first and everything else at 0.</summary>
    private static float[] Prefer(int token)
    {
        var logits = new float[Pieces.Length];
        logits[token] = 10;
        return logits;
    }

    private static int Id(string piece) => Array.IndexOf(Pieces, piece);

    [Theory]
    [InlineData("</think>\n<answer>[3] > [1] > [2]</answer>", true)]
    [InlineData("</think> <answer> [2] > [1] </answer>", true)]     // the prompt's own example spacing
    [InlineData("</think>\n\n<answer>\n[1]\n</answer>", true)]
    [InlineData("</think><answer>[2]</answer>", true)]               // one id is an answer; the parser fills the rest
    [InlineData("</think><answer>[4]</answer>", false)]              // no passage 4 in a window of 3
    [InlineData("</think><answer>[01]</answer>", false)]             // no leading zeros
    [InlineData("</think><answer>[1]  > [2]</answer>", false)]       // at most one space
    [InlineData("</think><answer>[1] > [2] > [3] > [1]</answer>", false)] // at most one id per passage
    [InlineData("</think><answer>1 > 2</answer>", false)]
    public void The_language_takes_answers_with_the_prompts_spacing_and_this_windows_ids(string text, bool valid)
    {
        var language = new AnswerLanguage(3, thinking: true);
        var state = language.Step(language.Start(reasoningOpen: true), Encoding.UTF8.GetBytes(text));
        Assert.Equal(valid, language.IsAccepting(state));
    }

    [Fact]
    public void Every_prefix_has_a_shortest_completion_that_the_language_accepts()
    {
        var language = new AnswerLanguage(12, thinking: true);
        const string answer = "</think>\n<answer> [12] > [3] </answer>";
        for (var cut = 0; cut <= answer.Length; cut++)
        {
            var state = language.Step(language.Start(reasoningOpen: true), Encoding.ASCII.GetBytes(answer[..cut]));
            var completed = language.Step(state, Encoding.ASCII.GetBytes(language.ShortestCompletion(state)));
            Assert.True(language.IsAccepting(completed), answer[..cut]);
        }
    }

    [Fact]
    public void The_non_thinking_language_is_a_bare_ranking()
    {
        var language = new AnswerLanguage(3, thinking: false);
        Assert.True(language.IsAccepting(language.Step(language.Start(false), "[3] > [1] > [2]"u8)));
        Assert.False(language.IsAccepting(language.Step(language.Start(false), "<answer>[3]"u8)));
        Assert.Equal("[1] > [2] > [3]".Length, language.FullAnswerLength());
    }

    [Fact]
    public void The_vocabulary_keeps_only_tokens_an_answer_can_be_spelt_with()
    {
        var vocabulary = Vocabulary();
        Assert.DoesNotContain(vocabulary.Candidates, c => c.Token == Id("x") || c.Token == Id("é") || c.Token == End);
        Assert.Contains(vocabulary.Candidates, c => c.Token == Id("\n<answer>"));
        Assert.Equal([End], vocabulary.EndOfGeneration);
    }

    [Fact]
    public void A_model_that_answers_well_is_never_overruled()
    {
        var guard = new AnswerGuard(new AnswerLanguage(3, thinking: true), Vocabulary(), SamplingSettings.Greedy);
        guard.EngageAt(5, AnswerGuard.ReasoningClosed, "<think>fine</think>");
        var generated = 5;
        foreach (var piece in new[] { "\n<answer>", "[2] >", " [1]", "</answer>", "<|im_end|>" })
        {
            var choice = guard.Choose(Prefer(Id(piece)), generated++, remaining: 100);
            Assert.Equal(Id(piece), choice.TokenId);
        }
        Assert.Null(guard.Report!.ForcedAt);
    }

    [Fact]
    public void Reasoning_past_the_budget_is_closed_and_the_answer_fits()
    {
        var language = new AnswerLanguage(3, thinking: true);
        var guard = new AnswerGuard(language, Vocabulary(), SamplingSettings.Greedy);
        var remaining = language.FullAnswerLength() + 1;
        Assert.True(guard.MustStopReasoning(remaining));
        guard.EngageAt(100, AnswerGuard.TokenBudget, "<think>x x x");
        var text = new StringBuilder();
        var generated = 100;
        while (remaining > 0)
        {
            // The model only wants to go on reasoning ("x"); the guard picks its best fitting token instead.
            var choice = guard.Choose(Prefer(Id("x")), generated++, remaining--);
            if (choice.FinishText is { } finish) { text.Append(finish); break; }
            if (choice.EndsTurn) break;
            text.Append(Pieces[choice.TokenId]);
        }
        Assert.Equal(100, guard.Report!.ForcedAt);
        var end = language.Step(language.Start(reasoningOpen: true), Encoding.ASCII.GetBytes(text.ToString()));
        Assert.True(language.IsAccepting(end), text.ToString());
    }

    [Fact]
    public void With_no_token_left_that_fits_the_shortest_completion_is_written()
    {
        var guard = new AnswerGuard(new AnswerLanguage(3, thinking: true), Vocabulary(), SamplingSettings.Greedy);
        guard.EngageAt(0, AnswerGuard.TokenBudget, "<think>");
        // One token left: nothing fits, so the guard writes the rest itself.
        var choice = guard.Choose(Prefer(Id("x")), 0, remaining: 1);
        Assert.Equal("</think><answer>[1]</answer>", choice.FinishText);
    }

    [Fact]
    public void Sampling_picks_among_fitting_tokens_only_and_reproducibly()
    {
        var settings = new SamplingSettings { Temperature = 1f, Seed = 7 };
        string Run()
        {
            var guard = new AnswerGuard(new AnswerLanguage(3, thinking: false), Vocabulary(), settings);
            var text = new StringBuilder();
            var logits = new float[Pieces.Length];
            for (var i = 0; i < 20; i++)
            {
                var choice = guard.Choose(logits, i, 40 - i);
                if (choice.FinishText is { } finish) { text.Append(finish); break; }
                if (choice.EndsTurn) break;
                text.Append(Pieces[choice.TokenId]);
            }
            return text.ToString();
        }
        var first = Run();
        Assert.Equal(first, Run());
        var language = new AnswerLanguage(3, thinking: false);
        Assert.NotEqual(AnswerLanguage.Stage.Dead, language.Step(language.Start(false), Encoding.ASCII.GetBytes(first)).Stage);
    }
}
