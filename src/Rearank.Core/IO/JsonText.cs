using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rearank.Core.IO;

/// <summary>JSON writing settings shared by the JSONL and JSON writers: non-ASCII text stays readable UTF-8.</summary>
internal static class JsonText
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one JSON object as a single line, the JSONL convention.</summary>
    public static void WriteLine(TextWriter writer, Action<Utf8JsonWriter> writeObject)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            writeObject(json);
            json.WriteEndObject();
        }
        writer.Write(TextFile.Utf8NoBom.GetString(buffer.WrittenSpan));
        writer.Write('\n');
    }
}
