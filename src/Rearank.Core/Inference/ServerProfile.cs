using System.Text.Json.Nodes;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>
/// Which OpenAI-compatible server a remote session talks to, so each request can pin the sampling in that server's
/// own field names. Servers apply their own defaults to whatever a request leaves out (vLLM its model's
/// generation_config.json, whose repetition_penalty 1.05 changes greedy output; llama.cpp server its top-k 40,
/// min-p 0.05 and repeat penalty), so every request states them all.
/// </summary>
public enum ServerProfile
{
    /// <summary>vLLM (also SGLang): OpenAI fields plus top_k -1, min_p 0, repetition_penalty 1.</summary>
    Vllm,

    /// <summary>llama.cpp's llama-server: OpenAI fields plus top_k 0, min_p 0, typical_p 1, repeat_penalty 1, max_tokens.</summary>
    LlamaCpp,

    /// <summary>Ollama's /v1: the OpenAI fields it reads plus max_tokens (its repeat penalty is set in the Modelfile).</summary>
    Ollama,

    /// <summary>Only the fields of OpenAI's own API, for servers that refuse unknown ones.</summary>
    OpenAI,
}

/// <summary>The JSON body of one chat completion request: the protocol's messages and the pinned sampling.</summary>
public static class ChatRequestBody
{
    public static JsonObject For(ServerProfile profile, string model, WindowRequest request, float temperature)
    {
        var messages = new JsonArray();
        foreach (var message in request.Messages) messages.Add(new JsonObject { ["role"] = message.Role, ["content"] = message.Content });
        // FIRST's "[": the answer's start as an assistant turn the server continues (vLLM needs to be told; llama-server
        // continues a final assistant turn by itself).
        if (request.AnswerPrefix is { Length: > 0 } prefix) messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = prefix });
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = messages,
            ["temperature"] = temperature,
            ["top_p"] = request.Sampling?.TopP ?? 1f,
            ["presence_penalty"] = 0,
            ["frequency_penalty"] = 0,
            ["max_completion_tokens"] = request.MaxNewTokens,
        };
        if (request.TopLogprobs is { } listed)
        {
            body["logprobs"] = true;
            body["top_logprobs"] = Math.Min(listed, FirstTokenRanking.RemoteCandidates);
        }
        // The session's own sampling sends no seed (the server's choice), a request's sends its own.
        if (request.Sampling?.Seed is { } seed) body["seed"] = seed;
        var topK = request.Sampling?.TopK is > 0 ? request.Sampling.TopK : (int?)null;
        var minP = request.Sampling?.MinP ?? 0f;
        switch (profile)
        {
            case ServerProfile.Vllm:
                body["top_k"] = topK ?? -1;
                body["min_p"] = minP;
                body["repetition_penalty"] = 1;
                if (request.AnswerPrefix is { Length: > 0 })
                {
                    body["continue_final_message"] = true;
                    body["add_generation_prompt"] = false;
                }
                break;
            case ServerProfile.LlamaCpp:
                body["top_k"] = topK ?? 0;
                body["min_p"] = minP;
                body["typical_p"] = 1;
                body["repeat_penalty"] = 1;
                body["max_tokens"] = request.MaxNewTokens;
                break;
            case ServerProfile.Ollama:
                body["max_tokens"] = request.MaxNewTokens;
                break;
        }
        return body;
    }
}
