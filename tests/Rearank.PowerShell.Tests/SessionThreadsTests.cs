using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// A session decodes with one thread per core the process may use, not per core of the machine: on a shared box a job
/// pinned to one CPU (taskset, a container's limit) that started a thread per machine core would only have its
/// threads take turns. An explicit -Threads is taken as given.
/// </summary>
public sealed class SessionThreadsTests
{
    [LinuxFact(Requires = "/usr/bin/taskset")]
    public void A_session_pinned_to_one_cpu_decodes_with_one_thread_unless_told_otherwise()
    {
        var model = Fixtures.NewPath("tiny.gguf");
        var (exitCode, output) = ChildPwsh.Run($$"""
            Import-Module '{{ModuleHost.ManifestPath}}'
            New-RearankTestModel '{{model}}' -Force | Out-Null
            $s = Open-RearankSession '{{model}}' -ContextSize 512 -MaxParallel 1
            'default=' + $s.Threads
            Close-RearankSession $s
            $s = Open-RearankSession '{{model}}' -ContextSize 512 -MaxParallel 1 -Threads 3
            'told=' + $s.Threads
            Close-RearankSession $s
            """, cpus: "0");

        Assert.True(exitCode == 0, output);
        Assert.Contains("default=1", output);
        Assert.Contains("told=3", output);
    }
}
