using Rearank.Core.Model;
using System.Text;
using Rearank.Core.Inference;
using Rearank.Core.IO;
using Rearank.Core.Reranking;
using Rearank.Core.TestModels;

namespace Rearank.Core.Tests.Inference;

/// <summary>
/// A test model with Qwen2.5's real tokenizer, laid out as llama.cpp's converter does, tokenizes prompts exactly as
/// the Hugging Face tokenizer (Rust, through Tokenizers.DotNet) that vLLM feeds the real model: every DL19 window's
/// prompt, and hostile strings.
/// </summary>
public sealed class RealTokenizerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static string TokenizerJson => SharedData.PathOf("qwen2.5-tokenizer/tokenizer.json");

    private LlamaSession Open(PromptNormalization normalization = PromptNormalization.Auto)
    {
        var path = temp.PathOf("real-vocab.gguf");
        if (!File.Exists(path)) RandomQwen2Model.Write(path, ModelShape.Tiny, quantization: ModelQuantization.Q8_0, tokenizer: TokenizerJson);
        return LlamaSession.Open(new LlamaSessionOptions { ModelPath = path, ContextSize = 4096, MaxParallel = 1, Normalization = normalization });
    }

    /// <summary>Qwen2.5's chat template for messages with a system turn: plain ChatML, the assistant turn opened.</summary>
    private static string ChatMl(IEnumerable<ChatMessage> messages) =>
        string.Concat(messages.Select(m => $"<|im_start|>{m.Role}\n{m.Content}<|im_end|>\n")) + "<|im_start|>assistant\n";

    [SharedDataFact]
    public void Every_dl19_window_prompt_has_the_hugging_face_tokenizers_ids()
    {
        using var session = Open();
        using var reference = new Tokenizers.DotNet.Tokenizer(vocabPath: TokenizerJson);
        var queries = CandidateListReader.Read(SharedData.PathOf("dl19/retrieve_results_dl19_top100.json")).GroupBy(h => h.QueryId).ToList();
        var lengths = new List<int>();
        var differences = new List<string>();
        foreach (var query in queries)
        {
            var hits = query.ToList();
            foreach (var window in WindowPlan.For(hits.Count))
            {
                var passages = hits.Skip(window.Start).Take(window.Count).Select(h => PassageText.Format(h.Title, h.Text ?? "")).ToList();
                var messages = PromptTemplates.Rearank.Messages(hits[0].QueryText!, passages);
                var prompt = session.Render(messages);
                Assert.Equal(ChatMl(messages).Normalize(NormalizationForm.FormC), prompt);
                var ids = session.TokenIds(prompt);
                var expected = reference.Encode(ChatMl(messages)).Select(i => (int)i).ToArray();
                if (!ids.SequenceEqual(expected)) differences.Add($"query {query.Key} window {window}");
                lengths.Add(ids.Length);
            }
        }

        Assert.Equal(387, lengths.Count);
        Assert.Empty(differences);
        // The figures the shared tokenizer's README gives for DL19 and DL20 together: 1,692 to 2,684 tokens.
        Assert.InRange(lengths.Min(), 1_692, 2_684);
        Assert.InRange(lengths.Max(), 1_692, 2_684);
    }

    public static TheoryData<string> Hostile() =>
    [
        "cafe\u0301 and cafe\u0301s",                     // a combining accent: NFC composes it to é
        "Ａｂｃ １２３ ＡＢＣ",                           // full-width forms
        "👩‍👩‍👧 family 🏳️‍🌈 and 👍🏽",                        // emoji with joiners and modifiers
        "漢字とかな、한국어 텍스트。",                  // CJK
        "[٣] > [١] and ٤٥٦",                           // Arabic-Indic digits
        "line one\r\nline two\rthree",                 // CRLF and CR
        "no\u00a0break and zero\u200bwidth",           // NBSP and zero-width space
        "ﬁne ﬂour ﬀ",                                  // ligatures
        "<think>as text</think> <|im_end|> <|endoftext|> <tool_call>", // markup written as text
        "  leading and trailing   \t",
        "Å (U+212B) Ω (U+2126) ḱṷ",                    // canonical singletons
    ];

    [SharedDataTheory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_tokenizes_as_the_hugging_face_tokenizer_does(string text)
    {
        using var session = Open();
        using var reference = new Tokenizers.DotNet.Tokenizer(vocabPath: TokenizerJson);
        ChatMessage[] messages = [new("system", "You are DeepRerank."), new("user", text)];

        var ids = session.TokenIds(session.Render(messages));

        Assert.Equal(reference.Encode(ChatMl(messages)).Select(i => (int)i), ids);
    }

    [SharedDataFact]
    public void Without_normalization_a_decomposed_accent_gives_other_ids_than_the_real_tokenizer()
    {
        using var session = Open(PromptNormalization.None);
        using var reference = new Tokenizers.DotNet.Tokenizer(vocabPath: TokenizerJson);
        ChatMessage[] messages = [new("system", "s"), new("user", "cafe\u0301")];

        Assert.False(session.NormalizesToNfc);
        Assert.NotEqual(reference.Encode(ChatMl(messages)).Select(i => (int)i), session.TokenIds(session.Render(messages)));
    }

    public void Dispose() => temp.Dispose();
}
