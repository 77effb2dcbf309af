using Rearank.PowerShell.Completers;
using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// The shape of every Import-* cmdlet: resolve the paths, stream each file's records downstream as they are read,
/// report bad records without stopping, move on to the next file when one cannot be read.
/// </summary>
public abstract class ImportCommand<T> : RearankCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    /// <summary>The files to read; wildcards are allowed and a .gz file is decompressed on the fly.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BeirPathCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>The files to read, names taken exactly as written (no wildcards); Get-ChildItem and Get-Item output binds here.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    protected abstract string Activity { get; }

    protected abstract IEnumerable<T> Read(string path, MalformedRecordHandler onMalformed);

    /// <summary>A warning about a record that is read but looks wrong (none by default).</summary>
    protected virtual string? Check(T item, string path) => null;

    protected override void ProcessRecord()
    {
        var progress = new ProgressReporter(this, ProgressIds.Import, Activity);
        foreach (var path in ParameterSetName == LiteralPathSet ? ResolveInputPaths(LiteralPath, literal: true) : ResolveInputPaths(Path))
        {
            long count = 0;
            try
            {
                foreach (var item in Read(path, WriteMalformedRecord))
                {
                    CancellationToken.ThrowIfCancellationRequested();
                    if (Check(item, path) is { } warning) WriteWarning(warning);
                    WriteObject(item);
                    progress.Report($"{++count:N0} records from {System.IO.Path.GetFileName(path)}", count);
                }
            }
            catch (MalformedRecordException e)
            {
                WriteMalformedRecord(e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                WriteReadError(path, e);
            }
            WriteVerbose($"Read {count:N0} records from {path}.");
        }
        progress.Complete();
    }
}
