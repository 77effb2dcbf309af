using System.Globalization;
using System.Text.RegularExpressions;
using Rearank.Core.Model;

namespace Rearank.Core.Reranking.RankLlm;

/// <summary>
/// A rank_llm template as a reranker's prompt: the messages rank_llm's inference handlers build for a window (or,
/// pointwise, for one passage), and its reading of the answer. Passages are cut to <see cref="MaxPassageWords"/>
/// words (rank_llm's max_passage_words, 300) after ftfy's clean-up; "[n]" in passages and the query becomes "(n)", so
/// no text can pose as an identifier.
/// </summary>
public sealed partial class RankLlmPrompt : IRerankPrompt
{
    public RankLlmPrompt(RankLlmTemplate template, bool? alphabeticIdentifiers = null, int maxPassageWords = 300)
    {
        Template = template;
        AlphabeticIdentifiers = alphabeticIdentifiers ?? template.AlphabeticIdentifiers;
        MaxPassageWords = maxPassageWords;
    }

    public RankLlmTemplate Template { get; }

    /// <summary>rank_llm's use_alpha: passages are [A], [B], ... rather than [1], [2], ...</summary>
    public bool AlphabeticIdentifiers { get; }

    public int MaxPassageWords { get; }

    public string Name => Template.Name;

    /// <summary>rank_llm's templates answer directly (a reasoning one reasons in its own words, read past its last &lt;/think&gt;).</summary>
    public bool Thinking => false;

    /// <summary>
    /// The messages of a local prompt, as rank_llm sends them to a local model: its messages, with ftfy's clean-up run
    /// again over the rendered prompt (which reaches the query; the chat markup has a '&lt;', so no HTML decoding).
    /// </summary>
    public IReadOnlyList<ChatMessage> Messages(string query, IReadOnlyList<RankedHit> hits) =>
        RankLlmMessages(query, hits).Select(m => m with { Content = TextFixer.FixText(m.Content, unescapeHtml: false) }).ToList();

    /// <summary>rank_llm's generate_prompt for a window, exactly (before the prompt-wide clean-up).</summary>
    public IReadOnlyList<ChatMessage> RankLlmMessages(string query, IReadOnlyList<RankedHit> hits)
    {
        if (Template.Method == RankLlmMethod.Pointwise)
            throw new InvalidOperationException($"{Template.Name} is a pointwise template: it scores one passage per prompt.");
        query = ReplaceNumber(query);
        var num = hits.Count.ToString(CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["num"] = num, ["query"] = query };
        var messages = new List<ChatMessage>();
        if (Template.Section("system_message") is { Length: > 0 } system) messages.Add(ChatMessage.System(system));
        return Template.Method == RankLlmMethod.SingleTurnListwise
            ? SingleTurn(messages, values, hits)
            : MultiTurn(messages, values, hits);
    }

    private List<ChatMessage> SingleTurn(List<ChatMessage> messages, Dictionary<string, string> values, IReadOnlyList<RankedHit> hits)
    {
        var suffixValues = values;
        if (Template.Section("suffix") is { } suffix && PythonFormat.FieldNames(suffix).Contains("psg_ids"))
            suffixValues = new(values) { ["psg_ids"] = "[" + string.Join(", ", hits.Select((_, i) => $"PASSAGE{i + 1}")) + "]" };
        var text = new System.Text.StringBuilder();
        text.Append(Fill("prefix", values));
        for (var i = 0; i < hits.Count; i++)
            text.Append(Fill("body", new Dictionary<string, string>
            {
                ["rank"] = Identifier(i),
                ["candidate"] = PassageContent(hits[i]),
                ["score"] = hits[i].Score.ToString("F3", CultureInfo.InvariantCulture),
            }));
        text.Append(Fill("suffix", suffixValues));
        messages.Add(ChatMessage.User(text.ToString()));
        return messages;
    }

    private List<ChatMessage> MultiTurn(List<ChatMessage> messages, Dictionary<string, string> values, IReadOnlyList<RankedHit> hits)
    {
        var prefix = Fill("prefix_user", values);
        var suffix = Fill("suffix_user", values);
        if (prefix.Length > 0)
        {
            messages.Add(ChatMessage.User(prefix));
            messages.Add(ChatMessage.Assistant(Fill("prefix_assistant", values)));
        }
        var conversational = Template.Section("body_assistant") is not null;
        var body = new System.Text.StringBuilder();
        for (var i = 0; i < hits.Count; i++)
        {
            var identifier = Identifier(i);
            var user = Fill("body_user", new Dictionary<string, string> { ["rank"] = identifier, ["candidate"] = ReplaceNumber(PassageContent(hits[i])) });
            if (!conversational) { body.Append(user); continue; }
            messages.Add(ChatMessage.User(user));
            messages.Add(ChatMessage.Assistant(Fill("body_assistant", new Dictionary<string, string> { ["rank"] = identifier })));
        }
        if (conversational)
        {
            if (suffix.Length > 0) messages.Add(ChatMessage.User(suffix));
        }
        else messages.Add(ChatMessage.User(body.Append(suffix).ToString()));
        return messages;
    }

    /// <summary>
    /// The messages of one pointwise prompt, as rank_llm's pointwise handler builds them: a reranker-roles template
    /// gives system (the instruction), query and document turns; any other, a system message and the filled body.
    /// rank_llm also cuts the passage to the context by a token round trip, which leaves text that fits unchanged.
    /// </summary>
    public IReadOnlyList<ChatMessage> PointwiseMessages(string query, RankedHit hit)
    {
        if (Template.Method != RankLlmMethod.Pointwise)
            throw new InvalidOperationException($"{Template.Name} is a listwise template: it ranks a window per prompt.");
        query = ReplaceNumber(query);
        var document = PassageContent(hit);
        if (Template.Section("message_roles") == "reranker")
            return [ChatMessage.System(AnswerParser.PythonStrip(Template.Section("instruction") ?? "")), new ChatMessage("query", query), new ChatMessage("document", document)];
        var messages = new List<ChatMessage>();
        if (Template.Section("system_message") is { Length: > 0 } system) messages.Add(ChatMessage.System(AnswerParser.PythonStrip(system)));
        messages.Add(ChatMessage.User(Fill("body", new Dictionary<string, string> { ["query"] = query, ["doc_content"] = document }).Replace("<unk>", "", StringComparison.Ordinal)));
        return messages;
    }

    public ParsedAnswer Parse(string output, int count) => RankLlmResponse.Parse(output, count, AlphabeticIdentifiers);

    /// <summary>The i-th (0-based) passage's identifier: "1".. or "A"..</summary>
    public string Identifier(int index) => IdentifierOf(index, AlphabeticIdentifiers);

    /// <summary>rank_llm's identifier of the i-th (0-based) passage: its number, or with use_alpha its letter.</summary>
    public static string IdentifierOf(int index, bool alphabetic) =>
        alphabetic ? ((char)('A' + index)).ToString() : (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// rank_llm's passage text: "Title: t Content: c" when the title is not empty, stripped, cleaned as ftfy does,
    /// cut to the first words, "[n]" made "(n)".
    /// </summary>
    public string PassageContent(RankedHit hit)
    {
        var content = hit.Text ?? "";
        if (!string.IsNullOrEmpty(hit.Title)) content = "Title: " + hit.Title + " Content: " + content;
        content = TextFixer.FixText(AnswerParser.PythonStrip(content));
        content = string.Join(' ', PassageText.Words(content).Take(MaxPassageWords));
        return ReplaceNumber(content);
    }

    private string Fill(string section, IReadOnlyDictionary<string, string> values) =>
        Template.Section(section) is { Length: > 0 } text ? PythonFormat.Format(text, values) : "";

    private static readonly Regex NumberInBrackets = new($@"\[({PythonDigitPattern.Digit}+)\]", RegexOptions.Compiled);

    /// <summary>rank_llm's _replace_number: "[12]" becomes "(12)".</summary>
    public static string ReplaceNumber(string text) => NumberInBrackets.Replace(text, "($1)");

}
