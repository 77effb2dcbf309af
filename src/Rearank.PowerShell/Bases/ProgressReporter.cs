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

    /// <summary>The last update held back by the interval, written before completion; only its figures are kept.</summary>
    private (string Status, long Done, long? Total, int SecondsRemaining)? pending;

    /// <param name="total">The work known so far (a percentage and the time left come from it); null when unknown.</param>
    /// <param name="secondsRemaining">Time left when the caller knows it better; otherwise it is the known work left at the rate so far.</param>
    public void Report(string status, long done, long? total = null, int secondsRemaining = -1)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (secondsRemaining < 0 && total is > 0 && done > 0 && elapsed > 0)
            secondsRemaining = (int)Math.Min(int.MaxValue, Math.Max(0, total.Value - done) / (done / elapsed));
        pending = (status, done, total, secondsRemaining);
        var now = Stopwatch.GetTimestamp();
        if (now - lastReport < Interval) return;
        lastReport = now;
        WritePending();
    }

    public void Complete()
    {
        WritePending();
        if (!reported) return;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentId });
        reported = false;
    }

    private void WritePending()
    {
        if (pending is not { } update) return;
        var record = new ProgressRecord(activityId, activity, update.Status) { ParentActivityId = parentId, SecondsRemaining = update.SecondsRemaining };
        if (update.Total is > 0) record.PercentComplete = (int)Math.Min(100, update.Done * 100 / update.Total.Value);
        cmdlet.WriteProgress(record);
        pending = null;
        reported = true;
    }
}
