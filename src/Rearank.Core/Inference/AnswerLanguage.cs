using System.Globalization;
using System.Text;

namespace Rearank.Core.Inference;

/// <summary>
/// The answers the guard of <see cref="AnswerGuard"/> holds a window to once it takes over, as a byte automaton:
/// for the thinking template <c>[&lt;/think&gt;] ws &lt;answer&gt; s id (s &gt; s id){0,n-1} s &lt;/answer&gt;</c>, for the
/// non-thinking one <c>s id (s &gt; s id){0,n-1}</c>. An id is a bracketed number 1..n without leading zeros; s is at
/// most one space or newline, as the prompt's own example <c>&lt;answer&gt; [1] &gt; [2] &lt;/answer&gt;</c> has; ws is up to
/// four spaces, tabs or newlines. Every part is bounded, so the shortest way to finish is always known, which is
/// what lets the guard promise an answer within the token budget.
/// </summary>
public sealed class AnswerLanguage
{
    private const string CloseThink = "</think>";
    private const string OpenAnswer = "<answer>";
    private const string CloseAnswer = "</answer>";
    private const int MaxGap = 4;

    public AnswerLanguage(int passages, bool thinking)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passages, 1);
        Passages = passages;
        Thinking = thinking;
    }

    public int Passages { get; }
    public bool Thinking { get; }

    /// <summary>Where an automaton stands; a plain value, so trying a token costs nothing to undo.</summary>
    public readonly record struct State(Stage Stage, int Position, int Number, int Digits, int Ids, bool Spaced);

    public enum Stage { CloseThink, Gap, OpenAnswer, BeforeId, IdDigits, AfterId, AfterArrow, CloseAnswer, Done, Dead }

    /// <summary>The start: with an open &lt;think&gt; (thinking template) the reasoning must be closed first.</summary>
    public State Start(bool reasoningOpen) =>
        !Thinking ? new State(Stage.BeforeId, 0, 0, 0, 0, false)
        : reasoningOpen ? new State(Stage.CloseThink, 0, 0, 0, 0, false)
        : new State(Stage.Gap, 0, 0, 0, 0, false);

    /// <summary>The state right after the model closed its reasoning itself.</summary>
    public State AfterReasoning => new(Stage.Gap, 0, 0, 0, 0, false);

    public bool IsAccepting(State s) => Thinking ? s.Stage == Stage.Done : s.Stage == Stage.AfterId;

    public State Step(State s, byte c) => s.Stage switch
    {
        Stage.CloseThink => Literal(s, c, CloseThink, Stage.Gap),
        Stage.Gap when c is (byte)' ' or (byte)'\t' or (byte)'\n' => s.Position < MaxGap ? s with { Position = s.Position + 1 } : Dead,
        Stage.Gap when c == '<' => new State(Stage.OpenAnswer, 1, 0, 0, 0, false),
        Stage.OpenAnswer => Literal(s, c, OpenAnswer, Stage.BeforeId),
        Stage.BeforeId or Stage.AfterArrow when c is (byte)' ' or (byte)'\n' => s.Spaced ? Dead : s with { Spaced = true },
        Stage.BeforeId or Stage.AfterArrow when c == '[' => s with { Stage = Stage.IdDigits, Number = 0, Digits = 0, Spaced = false },
        Stage.IdDigits when c is >= (byte)'0' and <= (byte)'9' => Digit(s, c - '0'),
        Stage.IdDigits when c == ']' && s.Digits > 0 => s with { Stage = Stage.AfterId, Ids = s.Ids + 1, Spaced = false },
        Stage.AfterId when c is (byte)' ' or (byte)'\n' => s.Spaced ? Dead : s with { Spaced = true },
        Stage.AfterId when c == '>' && s.Ids < Passages => s with { Stage = Stage.AfterArrow, Spaced = false },
        Stage.AfterId when c == '<' && Thinking => new State(Stage.CloseAnswer, 1, 0, 0, s.Ids, false),
        Stage.CloseAnswer => Literal(s, c, CloseAnswer, Stage.Done),
        _ => Dead,
    };

    /// <summary>The state after these bytes, or a dead one.</summary>
    public State Step(State s, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            s = Step(s, b);
            if (s.Stage == Stage.Dead) break;
        }
        return s;
    }

    /// <summary>The shortest text that completes an answer from here (empty when it is complete).</summary>
    public string ShortestCompletion(State s)
    {
        var close = Thinking ? CloseAnswer : "";
        return s.Stage switch
        {
            Stage.CloseThink => CloseThink[s.Position..] + OpenAnswer + "[1]" + close,
            Stage.Gap => OpenAnswer + "[1]" + close,
            Stage.OpenAnswer => OpenAnswer[s.Position..] + "[1]" + close,
            Stage.BeforeId or Stage.AfterArrow => "[1]" + close,
            Stage.IdDigits => (s.Digits == 0 ? "1]" : "]") + close,
            Stage.AfterId => close,
            Stage.CloseAnswer => CloseAnswer[s.Position..],
            Stage.Done => "",
            _ => throw new InvalidOperationException("A dead answer state has no completion."),
        };
    }

    /// <summary>
    /// Characters (so an upper bound on tokens) of an answer that ranks every passage, reasoning closed first:
    /// when this many tokens are left, the guard stops the reasoning.
    /// </summary>
    public int FullAnswerLength()
    {
        var ids = string.Join(" > ", Enumerable.Range(1, Passages).Select(i => "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
        return Encoding.ASCII.GetByteCount(Thinking ? CloseThink + "\n" + OpenAnswer + ids + CloseAnswer : ids);
    }

    private static State Dead => new(Stage.Dead, 0, 0, 0, 0, false);

    private static State Literal(State s, byte c, string literal, Stage next)
    {
        if (literal[s.Position] != c) return Dead;
        return s.Position + 1 == literal.Length ? new State(next, 0, 0, 0, s.Ids, false) : s with { Position = s.Position + 1 };
    }

    private State Digit(State s, int digit)
    {
        if (s.Digits == 0 && digit == 0) return Dead;
        var number = s.Number * 10 + digit;
        return number > Passages ? Dead : s with { Number = number, Digits = s.Digits + 1 };
    }
}
