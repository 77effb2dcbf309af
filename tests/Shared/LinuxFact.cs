namespace Rearank.Tests.Shared;

/// <summary>A test that needs Linux's devices or tools (a full disk as /dev/full, flock(1) to hold a lock from outside).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>A further file the test needs (a tool such as /usr/bin/flock); skipped, saying so, where it is absent.</summary>
    public string? Requires { get; set; }

    public override string? Skip
    {
        get
        {
            if (base.Skip is { } skip) return skip;
            if (!OperatingSystem.IsLinux() || !File.Exists("/dev/full")) return "needs Linux (/dev/full stands in for a full disk).";
            return Requires is { } needed && !File.Exists(needed) ? $"needs {needed}, which this machine lacks." : null;
        }
        set => base.Skip = value;
    }
}
