using Rearank.Core.Reranking;

namespace Rearank.Core.Tests.Reranking;

public sealed class AnswerParserTests
{
    [Theory]
    [InlineData("<think>2 is best</think> <answer>[2] > [3] > [1]</answer>", 3, new[] { 1, 2, 0 })]
    [InlineData("[3] > [1] > [2]", 3, new[] { 2, 0, 1 })]                                  // no tags
    [InlineData("<think>so [1] first</think>\n[2] > [1]", 3, new[] { 1, 0, 2 })]          // think, no answer tags: after the last </think>
    [InlineData("<answer>[2] > [1", 3, new[] { 1, 0, 2 })]                                  // answer without close: whole text
    [InlineData("<think>reasoning [3] </think><answer>[2]</answer>", 3, new[] { 1, 0, 2 })] // numbers in the reasoning do not count
    [InlineData("<answer>[2] > [2] > [1] > [2]</answer>", 3, new[] { 1, 0, 2 })]          // duplicates: first occurrence
    [InlineData("<answer>[0] > [4] > [3] > [99]</answer>", 3, new[] { 2, 0, 1 })]          // out of range dropped
    [InlineData("<answer>[٣] > [2]</answer>", 3, new[] { 2, 1, 0 })]                       // int() reads any Unicode decimal digit
    [InlineData("<answer>[４] > [٢] > [𝟏]</answer>", 4, new[] { 3, 1, 0, 2 })]              // fullwidth, Arabic-Indic, mathematical bold
    [InlineData("<answer>[1٢]</answer>", 12, new[] { 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })] // scripts mix within one number, as int() allows
    [InlineData("<answer>[²] > [3] > [④] > [1]</answer>", 4, new[] { 2, 0, 1, 3 })]          // isdigit() but not int(): skipped
    [InlineData("<answer>[2²]</answer>", 3, new[] { 0, 1, 2 })]                             // one run of isdigit() characters, refused whole
    [InlineData("<answer>[99999999999999999999] > [1]</answer>", 2, new[] { 0, 1 })]       // too large to parse: skipped
    [InlineData("", 4, new[] { 0, 1, 2, 3 })]                                              // empty output keeps the order
    [InlineData("I cannot rank these.", 2, new[] { 0, 1 })]
    [InlineData("<answer>[2]>[1]</answer><answer>[1]>[2]</answer>", 2, new[] { 1, 0 })]    // the first answer block
    [InlineData("<think>a</think>x<think>b</think>[2] > [1]", 2, new[] { 1, 0 })]           // after the last </think>
    public void Output_becomes_a_full_permutation_as_in_the_original(string output, int count, int[] permutation) =>
        Assert.Equal(permutation, AnswerParser.Parse(output, count).Permutation);

    [Fact]
    public void The_reasoning_the_answer_and_the_format_checks_are_reported()
    {
        var parsed = AnswerParser.Parse("<think>\nPassage 2 answers it.\n</think>\n<answer> [2] > [1] </answer>", 2);

        Assert.Equal("Passage 2 answers it.", parsed.Think);
        Assert.Equal("[2] > [1]", parsed.Answer);
        Assert.True(parsed.FormatValid);
        Assert.True(parsed.RankingFormatValid);
        Assert.True(parsed.Complete);
    }

    [Theory]
    [InlineData("<think>x</think><answer>[1]</answer>", true, true)]
    [InlineData(" <think>x</think><answer>[1]</answer>", false, true)]   // nothing may precede <think>
    [InlineData("<think>x</think><answer>[1]</answer>\n", false, true)]  // nor follow </answer>
    [InlineData("<answer>[1] > [2]</answer>", false, true)]
    [InlineData("<think>x</think><answer>none</answer>", true, false)]
    [InlineData("[1] > [2]", false, false)]
    public void Format_checks_follow_the_reward_definitions(string output, bool format, bool ranking)
    {
        Assert.Equal(format, AnswerParser.HasWholeFormat(output));
        Assert.Equal(ranking, AnswerParser.HasRankingList(output));
    }

    [Fact]
    public void An_answer_that_names_only_some_passages_is_marked_incomplete()
    {
        var parsed = AnswerParser.Parse("<answer>[3]</answer>", 3);

        Assert.False(parsed.Complete);
        Assert.Equal([2, 0, 1], parsed.Permutation);
    }

    [Theory]
    [InlineData("<think>x</think>\u001c\u001f<answer>[1]</answer>", true)]   // Python's \s takes the ASCII separators
    [InlineData("<think>x</think>\u0085\u2003<answer>[1]</answer>", true)]
    [InlineData("<think>x</think>\u200b<answer>[1]</answer>", false)]         // a zero-width space is not whitespace to either
    public void The_format_check_uses_pythons_whitespace(string output, bool valid) =>
        Assert.Equal(valid, AnswerParser.HasWholeFormat(output));

    [Fact]
    public void The_ranking_check_accepts_python_whitespace_around_arrows() =>
        Assert.True(AnswerParser.HasRankingList("<answer>\u001c[2]\u001d>\u001e[1]\u001f</answer>"));

    [Fact]
    public void The_strict_reading_of_the_reward_throws_on_digits_int_refuses()
    {
        Assert.Throws<FormatException>(() => AnswerParser.Permutation("[3] > [²]", 3, out _, strict: true));
        Assert.Equal([2, 0, 1], AnswerParser.Permutation("[3] > [٤]", 3, out _, strict: true));
    }
}
