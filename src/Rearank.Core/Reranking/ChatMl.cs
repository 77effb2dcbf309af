using Rearank.Core.Model;
using System.Text;

namespace Rearank.Core.Reranking;

/// <summary>
/// Qwen2.5's chat format (ChatML): "&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n" per message, then the
/// generation prompt "&lt;|im_start|&gt;assistant\n". The session applies the model's own GGUF template; this is the
/// reference the golden tests and the remote backend use.
/// </summary>
public static class ChatMl
{
    public static string Render(IEnumerable<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var builder = new StringBuilder();
        foreach (var message in messages)
            builder.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
        if (addGenerationPrompt) builder.Append("<|im_start|>assistant\n");
        return builder.ToString();
    }
}
