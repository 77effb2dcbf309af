using Rearank.Core.Inference;

namespace Rearank.PowerShell.Bases;

internal static class NativeLogWriter
{
    /// <summary>llama.cpp's queued log: warnings and errors to -Verbose, everything to -Debug. Pipeline thread only.</summary>
    public static void WriteNativeLog(this RearankCmdlet cmdlet)
    {
        foreach (var (isProblem, message) in NativeLog.Drain())
        {
            if (isProblem) cmdlet.WriteVerbose("llama.cpp: " + message);
            cmdlet.WriteDebug("llama.cpp: " + message);
        }
    }
}
