using Rearank.Core.Model;
using System.Globalization;

namespace Rearank.Core.Reranking;

/// <summary>
/// A listwise prompt as data (protocol §2): the fixed texts, how passages are cut, and whether each passage gets an
/// acknowledgement turn. {query} and {num} are filled in; nothing else about a prompt lives in code.
/// </summary>
public sealed record PromptTemplate : IRerankPrompt
{
    public required string Name { get; init; }

    /// <summary>Whether the model is asked to reason in &lt;think&gt; before its &lt;answer&gt;.</summary>
    public required bool Thinking { get; init; }

    public required string System { get; init; }
    public required string Instruction { get; init; }
    public required string Acknowledgement { get; init; }

    /// <summary>The reply after each passage ("Received passage [{i}]."), or null for none.</summary>
    public string? PassageReply { get; init; }

    public required string Final { get; init; }

    /// <summary>Passage cut: this many characters, or words when <see cref="CutByWords"/>.</summary>
    public required int PassageLimit { get; init; }

    public bool CutByWords { get; init; }

    public IReadOnlyList<ChatMessage> Messages(string query, IReadOnlyList<RankedHit> hits) =>
        Messages(query, hits.Select(h => PassageText.Format(h.Title, h.Text ?? "")).ToList());

    public ParsedAnswer Parse(string output, int count) => AnswerParser.Parse(output, count);

    /// <summary>The messages for one window of passages (already in their stored form, see <see cref="PassageText.Format"/>).</summary>
    public IReadOnlyList<ChatMessage> Messages(string query, IReadOnlyList<string> passages)
    {
        string Fill(string text) => text.Replace("{query}", query, StringComparison.Ordinal)
            .Replace("{num}", passages.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var messages = new List<ChatMessage>(4 + passages.Count * 2)
        {
            ChatMessage.System(System),
            ChatMessage.User(Fill(Instruction)),
            ChatMessage.Assistant(Acknowledgement),
        };
        for (var i = 0; i < passages.Count; i++)
        {
            var text = CutByWords ? PassageText.ForPromptByWords(passages[i], PassageLimit) : PassageText.ForPrompt(passages[i], PassageLimit);
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            messages.Add(ChatMessage.User($"[{number}] {text}"));
            if (PassageReply is not null) messages.Add(ChatMessage.Assistant(PassageReply.Replace("{i}", number, StringComparison.Ordinal)));
        }
        messages.Add(ChatMessage.User(Fill(Final)));
        return messages;
    }
}
