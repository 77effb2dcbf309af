using Rearank.Core.Model;
using System.Text;

namespace Rearank.Core.Inference;

/// <summary>
/// Guarantees a window an answer without touching its reasoning (opt-in: -ForceAnswer). The reasoning is the model's
/// own, unconstrained. The guard takes over only when the model closes its reasoning, when the tokens left reach what
/// a full answer needs, or when the model would end its turn without an answer; from then on each token is the
/// model's own choice whenever that choice keeps a valid answer (<see cref="AnswerLanguage"/>) finishable within the
/// budget, and otherwise its best (or, sampling, a fresh draw from its) choice among the tokens that do. So where the
/// model's free output already holds a complete answer within the budget, the guarded output is the same, token for
/// token. When no token fits, the shortest completion is written out.
/// </summary>
public sealed class AnswerGuard
{
    public const string ReasoningClosed = "reasoning closed";
    public const string TokenBudget = "token budget";
    public const string EndWithoutAnswer = "end of turn without an answer";
    public const string NoReasoning = "non-thinking template";

    private readonly AnswerLanguage language;
    private readonly GuardVocabulary vocabulary;
    private readonly SamplingSettings sampling;
    private readonly Random random;
    private AnswerLanguage.State state;

    public AnswerGuard(AnswerLanguage language, GuardVocabulary vocabulary, SamplingSettings sampling)
    {
        this.language = language;
        this.vocabulary = vocabulary;
        this.sampling = sampling;
        random = new Random(unchecked((int)sampling.Seed));
        if (!language.Thinking) Engage(0, NoReasoning, language.Start(reasoningOpen: false));
    }

    /// <summary>The fewest new tokens with which the guard can promise a full answer for this many passages.</summary>
    public static int MinimumNewTokens(int passages, bool thinking) => new AnswerLanguage(passages, thinking).FullAnswerLength() + 1;

    public bool Engaged => Report is not null;
    public AnswerGuardReport? Report { get; private set; }

    /// <summary>Before a free token: whether the budget left still allows more reasoning.</summary>
    public bool MustStopReasoning(int remaining) => remaining <= language.FullAnswerLength() + 1;

    /// <summary>Takes over from free decoding at this token: the reasoning so far decides whether it must be closed first.</summary>
    public void EngageAt(int generated, string reason, string textSoFar) =>
        Engage(generated, reason, language.Start(ReasoningOpen(textSoFar)));

    /// <summary>
    /// After a free token: when the text now closes the reasoning, the guard takes over from there, starting from
    /// whatever the same token wrote after &lt;/think&gt;.
    /// </summary>
    public void Observe(int generated, StringBuilder text, int previousLength)
    {
        if (Engaged) return;
        // Only the new text and the few characters before it can complete a "</think>": no copy of the whole reasoning per token.
        var from = Math.Max(0, previousLength - "</think>".Length + 1);
        var tail = text.ToString(from, text.Length - from);
        var close = tail.IndexOf("</think>", StringComparison.Ordinal);
        if (close < 0) return;
        var after = language.Step(language.AfterReasoning, Encoding.UTF8.GetBytes(tail[(close + "</think>".Length)..]));
        Engage(generated + 1, ReasoningClosed, after.Stage == AnswerLanguage.Stage.Dead ? language.AfterReasoning : after);
    }

    /// <summary>The answer of an end of turn in free decoding: does the text already hold a ranking?</summary>
    public static bool HoldsAnswer(string text) => Reranking.AnswerParser.HasRankingList(text);

    /// <summary>
    /// One guarded step: the token to emit (the model's own when it fits), or, when no token fits, the text that
    /// finishes the answer. <paramref name="remaining"/> counts this token.
    /// </summary>
    public GuardChoice Choose(ReadOnlySpan<float> logits, int generated, int remaining)
    {
        var allowed = new HashSet<int>();
        var next = new Dictionary<int, AnswerLanguage.State>();
        if (language.IsAccepting(state))
            foreach (var end in vocabulary.EndOfGeneration) allowed.Add(end);
        foreach (var (token, bytes) in vocabulary.Candidates)
        {
            if (token >= logits.Length) continue;
            var after = language.Step(state, bytes);
            if (after.Stage == AnswerLanguage.Stage.Dead || language.ShortestCompletion(after).Length > remaining - 1) continue;
            allowed.Add(token);
            next[token] = after;
        }
        var free = TokenSampler.Sample(logits, sampling, random);
        int chosen;
        if (allowed.Contains(free)) chosen = free;
        else if (allowed.Count > 0)
        {
            Report = Report! with { ForcedAt = Report!.ForcedAt ?? generated };
            chosen = TokenSampler.SampleAmong(logits, allowed.Order().ToArray(), sampling, random);
        }
        else
        {
            Report = Report! with { ForcedAt = Report!.ForcedAt ?? generated };
            return GuardChoice.Finish(language.ShortestCompletion(state));
        }
        if (next.TryGetValue(chosen, out var advanced)) state = advanced;
        return GuardChoice.Token(chosen, vocabulary.EndOfGeneration.Contains(chosen));
    }

    private void Engage(int generated, string reason, AnswerLanguage.State start)
    {
        Report = new AnswerGuardReport(generated, reason, null);
        state = start;
    }

    private static bool ReasoningOpen(string text)
    {
        var open = text.LastIndexOf("<think>", StringComparison.Ordinal);
        return open >= 0 && text.IndexOf("</think>", open, StringComparison.Ordinal) < 0;
    }
}

/// <summary>A guarded step's outcome: a token (possibly the end of the turn), or the text that finishes the answer.</summary>
public readonly record struct GuardChoice(int TokenId, bool EndsTurn, string? FinishText)
{
    public static GuardChoice Token(int token, bool endsTurn) => new(token, endsTurn, null);
    public static GuardChoice Finish(string text) => new(-1, false, text);
}
