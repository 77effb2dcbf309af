using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Writes documents in any of the corpus layouts <see cref="DocumentReader"/> reads, e.g. to convert between them.</summary>
public sealed class DocumentWriter(TextWriter writer, DocumentFormat format) : IDisposable
{
    public void Write(Document document)
    {
        switch (format)
        {
            case DocumentFormat.MsMarcoTsv:
                // TSV has no title column and no escaping: fold the title in and flatten tabs and line breaks.
                var text = string.IsNullOrEmpty(document.Title) ? document.Text : $"{document.Title} {document.Text}";
                writer.Write(document.DocId);
                writer.Write('\t');
                writer.Write(Flatten(text));
                writer.Write('\n');
                break;
            case DocumentFormat.PyseriniJsonl:
                JsonText.WriteLine(writer, json =>
                {
                    json.WriteString("id", document.DocId);
                    json.WriteString("contents", string.IsNullOrEmpty(document.Title) ? document.Text : $"{document.Title}\n{document.Text}");
                });
                break;
            default:
                JsonText.WriteLine(writer, json =>
                {
                    json.WriteString("_id", document.DocId);
                    json.WriteString("title", document.Title ?? "");   // BEIR rows always have the field
                    json.WriteString("text", document.Text);
                    json.WriteStartObject("metadata");
                    json.WriteEndObject();
                });
                break;
        }
    }

    internal static string Flatten(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    public void Dispose() => writer.Dispose();
}
