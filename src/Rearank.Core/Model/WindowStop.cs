using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rearank.Core.Model;

/// <summary>
/// Why a window's generation ended, in the same words for local and remote sessions. Traces write it as readable
/// text ("end of turn", "max new tokens", "answer completed by the guard", "failed"); a failed window keeps its order
/// and its trace's Failure says why.
/// </summary>
[JsonConverter(typeof(WindowStopJsonConverter))]
public enum WindowStop
{
    EndOfTurn,
    MaxNewTokens,
    AnswerCompletedByGuard,
    Failed,
}

public static class WindowStops
{
    public static string Text(this WindowStop stop) => stop switch
    {
        WindowStop.EndOfTurn => "end of turn",
        WindowStop.MaxNewTokens => "max new tokens",
        WindowStop.AnswerCompletedByGuard => "answer completed by the guard",
        _ => "failed",
    };

    /// <summary>Reads the words back, and what older traces and servers wrote (stop, length, "failed after retries: …").</summary>
    public static WindowStop Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "end of turn" or "stop" or "eos" or "" => WindowStop.EndOfTurn,
        "max new tokens" or "length" => WindowStop.MaxNewTokens,
        "answer completed by the guard" => WindowStop.AnswerCompletedByGuard,
        var other when other.StartsWith("failed", StringComparison.Ordinal) => WindowStop.Failed,
        _ => WindowStop.EndOfTurn,
    };
}

public sealed class WindowStopJsonConverter : JsonConverter<WindowStop>
{
    public override WindowStop Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? WindowStops.Parse(reader.GetString()!) : throw new JsonException("A stop reason is a string.");

    public override void Write(Utf8JsonWriter writer, WindowStop value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text());
}
