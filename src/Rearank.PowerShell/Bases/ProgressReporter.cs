using System.Diagnostics;
using System.Management.Automation;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// Write-Progress at most a few times a second: a record per item would cost more than reading the item. The first
/// item is reported at once and the last before completion, so even a step done within the interval shows how far it
/// got, however fast the machine.
/// Must be used from the pipeline thread only, as every write to PowerShell must.
/// </summary>
internal sealed class ProgressReporter(Cmdlet cmdlet, int activityId, string activity, int parentId = -1)
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly long started = Stopwatch.GetTimestamp();
    private long lastReport = Stopwatch.GetTimestamp() - Interval;
    private bool reported;
    private ProgressRecord? pending;

    /// <param name="total">The work known so far (a percentage and the time left come from it); null when unknown.</param>
    /// <param name="secondsRemaining">Time left when the caller knows it better; otherwise it is the known work left at the rate so far.</param>
    public void Report(string status, long done, long? total = null, int secondsRemaining = -1)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (secondsRemaining < 0 && total is > 0 && done > 0 && elapsed > 0)
            secondsRemaining = (int)Math.Min(int.MaxValue, Math.Max(0, total.Value - done) / (done / elapsed));
        var record = new ProgressRecord(activityId, activity, status) { ParentActivityId = parentId, SecondsRemaining = secondsRemaining };
        if (total is > 0) record.PercentComplete = (int)Math.Min(100, done * 100 / total.Value);
        var now = Stopwatch.GetTimestamp();
        if (now - lastReport < Interval)
        {
            pending = record;
            return;
        }
        lastReport = now;
        reported = true;
        pending = null;
        cmdlet.WriteProgress(record);
    }

    public void Complete()
    {
        if (pending is not null)
        {
            cmdlet.WriteProgress(pending);
            pending = null;
            reported = true;
        }
        if (!reported) return;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentId });
        reported = false;
    }
}
