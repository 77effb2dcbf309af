using System.Diagnostics;

namespace Rearank.Bench;

/// <summary>Times a pass over a file several times after a warm-up and keeps the median, so one slow pass does not decide.</summary>
internal static class Measurement
{
    public sealed record Result(string Name, long Bytes, long Records, double MedianSeconds, long AllocatedBytesPerPass)
    {
        public double MegabytesPerSecond => Bytes / 1e6 / MedianSeconds;
        public double RecordsPerSecond => Records / MedianSeconds;
    }

    public static Result Run(string name, long bytes, Func<long> pass, int repetitions = 5)
    {
        pass();
        var seconds = new List<double>();
        long records = 0, allocated = 0;
        for (var i = 0; i < repetitions; i++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            records = pass();
            seconds.Add(watch.Elapsed.TotalSeconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        seconds.Sort();
        return new Result(name, bytes, records, seconds[seconds.Count / 2], allocated);
    }
}
