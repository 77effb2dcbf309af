using Rearank.Core.Reranking;

namespace Rearank.Core.Tests.Reranking;

public sealed class PromptTests
{
    private static readonly string[] Window =
    [
        PassageText.Format("", "A flea can live up to a year."),
        PassageText.Format("Flea control", "Treat   pets\tand\nthe home."),
        PassageText.Format(null, new string('x', 398) + "é🐜" + "tail that is cut off"),
    ];

    [Fact]
    public void The_rearank_window_prompt_matches_the_hand_written_golden_file_byte_for_byte()
    {
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reranking", "Golden", "rearank-window.chatml.txt"));

        var prompt = ChatMl.Render(PromptTemplates.Rearank.Messages("how long is life cycle of flea", Window));

        Assert.Equal(golden, prompt);
    }

    [Fact]
    public void The_rearank_messages_have_the_trained_roles_and_order()
    {
        var messages = PromptTemplates.Rearank.Messages("q", Window);

        Assert.Equal(["system", "user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant", "user"], messages.Select(m => m.Role));
        Assert.Equal("Received passage [2].", messages[6].Content);
        Assert.EndsWith("using the format: [X] > [Y] > [Z]", messages[^1].Content);
        Assert.Contains("\n\n            2. Then", messages[^1].Content);
    }

    [Fact]
    public void The_rankgpt_templates_differ_only_where_their_originals_do()
    {
        var longText = string.Join(' ', Enumerable.Range(0, 400).Select(i => "word" + i));
        var rearankStyle = PromptTemplates.RankGpt.Messages("q", [longText]);
        var original = PromptTemplates.RankGptOriginal.Messages("q", [longText]);

        Assert.Equal(["system", "user", "assistant", "user", "user"], rearankStyle.Select(m => m.Role));
        Assert.Equal(["system", "user", "assistant", "user", "assistant", "user"], original.Select(m => m.Role));
        Assert.Equal(300 + "[1] ".Length, rearankStyle[3].Content.Length);
        Assert.Equal(300, original[3].Content["[1] ".Length..].Split(' ').Length);
        Assert.Equal("I will provide you with 1 passages, each indicated by number identifier []. \nRank the passages based on their relevance to query: q.", rearankStyle[1].Content);
        Assert.EndsWith("Only response the ranking results, do not say any word or explain.", rearankStyle[^1].Content);
    }

    [Theory]
    [InlineData("Title", "Body", "Title: Title Content: Body")]
    [InlineData("", "Body  text", "Body text")]
    [InlineData(null, "  Body\u00a0\u2003text \u001f end ", "Body text end")]
    [InlineData("", "", "Title: Content:")]                                    // a BEIR row with empty title and text, as upstream's retriever writes it
    [InlineData("", " \n ", "Title: Content:")]
    [InlineData(null, "", "")]                                                 // a candidate with empty content: "[k] "
    [InlineData(null, "Title:  Content: foo", "Title: Content: foo")]          // as written: the marker is removed before collapsing, so it stays
    [InlineData(null, "Title: Content: foo", "foo")]
    [InlineData(null, "Title: Fleas\nContent: they jump", "Title: Fleas Content: they jump")] // its own Title:/Content: lines stay
    [InlineData("Fleas", "Title: Content: x", "Title: Fleas Content: x")]   // every empty-title marker goes, as str.replace does
    public void Passages_are_formatted_and_cut_like_the_original(string? title, string text, string prompt) =>
        Assert.Equal(prompt, PassageText.ForPrompt(PassageText.Format(title, text), 400));

    [Fact]
    public void The_cut_counts_code_points_and_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 399) + "🐜🐜";

        var cut = PassageText.ForPrompt(text, 400);

        Assert.Equal(new string('a', 399) + "🐜", cut);
        Assert.Equal(401, cut.Length);
    }

    [Fact]
    public void A_candidate_with_empty_content_is_its_bare_id_and_an_empty_beir_row_keeps_the_marker()
    {
        var messages = PromptTemplates.Rearank.Messages("q", [PassageText.Format(null, ""), PassageText.Format("", "")]);
        Assert.Equal(["[1] ", "[2] Title: Content:"], messages.Where(m => m.Role == "user" && m.Content.StartsWith('[')).Select(m => m.Content));
    }
}
