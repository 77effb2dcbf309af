using System.Diagnostics;

namespace Rearank.Core.Tests.Training;

/// <summary>A fact that runs only where python3 is on PATH (the reward for Python trainers is checked with it).</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public static readonly string? Python = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(d => Path.Combine(d, "python3")).FirstOrDefault(File.Exists);

    public PythonFactAttribute()
    {
        if (Python is null) Skip = "python3 is not on PATH: the Python copy of the reward (examples/training/rearank_reward.py) is not checked here.";
    }
}

public sealed class PythonRewardTests
{
    /// <summary>The reward trainers run (Python, for verl or TRL) gives the C# reward's hand-worked values.</summary>
    [PythonFact]
    public void The_python_reward_for_trainers_passes_the_same_hand_worked_cases()
    {
        var script = Path.Combine(RepositoryRoot.Path, "examples", "training", "rearank_reward.py");
        using var process = Process.Start(new ProcessStartInfo(PythonFactAttribute.Python!, [script, "--self-test"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("15 cases passed, upstream's quirks included", output);
    }
}
