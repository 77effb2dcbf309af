using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.Retrieval;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Shows how an index was built: analyzer, parameters, documents, terms, corpus, size on disk.</summary>
[Cmdlet(VerbsCommon.Get, "Bm25Index")]
[OutputType(typeof(Bm25IndexInfo))]
public sealed class GetBm25IndexCommand : RearankCmdlet
{
    /// <summary>Index folders.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var path in Path.Select(ResolveOutputPath))
        {
            try
            {
                var info = Bm25IndexInfo.Load(path);
                var size = new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);
                var result = PSObject.AsPSObject(info);
                result.Properties.Add(new PSNoteProperty("SizeOnDiskMB", Math.Round(size / 1048576.0, 2)));
                WriteObject(result);
            }
            catch (IndexNotFoundException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.IndexNotFound, ErrorCategory.ObjectNotFound, path));
            }
            catch (RearankException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.IndexUnreadable, ErrorCategory.InvalidData, path));
            }
        }
    }
}
