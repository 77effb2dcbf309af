using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Streams the documents of a corpus: BEIR corpus.jsonl, Pyserini JSONL or MS MARCO collection.tsv.</summary>
[Cmdlet(VerbsData.Import, "RearankDocument")]
[OutputType(typeof(Document))]
public sealed class ImportRearankDocumentCommand : ImportCommand<Document>
{
    /// <summary>The corpus layout; Auto tells them apart by file name and fields.</summary>
    [Parameter]
    public DocumentFormat Format { get; set; } = DocumentFormat.Auto;

    protected override string Activity => "Import-RearankDocument";

    protected override IEnumerable<Document> Read(string path, MalformedRecordHandler onMalformed) =>
        DocumentReader.Read(path, Format, onMalformed);
}
