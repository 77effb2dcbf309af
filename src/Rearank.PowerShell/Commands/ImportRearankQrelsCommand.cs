using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Streams relevance judgments from TREC qrels or BEIR qrels TSV.</summary>
[Cmdlet(VerbsData.Import, "RearankQrels")]
[OutputType(typeof(Judgment))]
public sealed class ImportRearankQrelsCommand : ImportCommand<Judgment>
{
    [Parameter]
    public QrelsFormat Format { get; set; } = QrelsFormat.Auto;

    protected override string Activity => "Import-RearankQrels";

    protected override IEnumerable<Judgment> Read(string path, MalformedRecordHandler onMalformed) =>
        QrelsReader.Read(path, Format, onMalformed);
}
