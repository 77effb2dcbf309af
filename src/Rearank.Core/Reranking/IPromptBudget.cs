using Rearank.Core.Model;
namespace Rearank.Core.Reranking;

/// <summary>
/// A ranker whose windows must fit a context it knows (a local session): it counts a prompt's tokens with the model's
/// own tokenizer and chat template, so a run can say up front which queries cannot fit. Servers keep their limits to
/// themselves and do not implement it.
/// </summary>
public interface IPromptBudget
{
    /// <summary>Tokens one window may use, prompt plus answer.</summary>
    int ContextSize { get; }

    /// <summary>The prompt's tokens as the model sees them: chat template applied, assistant turn opened.</summary>
    int CountPromptTokens(IReadOnlyList<ChatMessage> messages);
}
