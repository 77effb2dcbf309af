using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Streams queries from BEIR queries.jsonl, a qid-TAB-text file or TREC SGML topics.</summary>
[Cmdlet(VerbsData.Import, "RearankQuery")]
[OutputType(typeof(Query))]
public sealed class ImportRearankQueryCommand : ImportCommand<Query>
{
    [Parameter]
    public QueryFormat Format { get; set; } = QueryFormat.Auto;

    /// <summary>For TREC topics: which field becomes the query text.</summary>
    [Parameter]
    public TopicField TopicField { get; set; } = TopicField.Title;

    protected override string Activity => "Import-RearankQuery";

    protected override IEnumerable<Query> Read(string path, MalformedRecordHandler onMalformed) =>
        QueryReader.Read(path, Format, TopicField, onMalformed);
}
