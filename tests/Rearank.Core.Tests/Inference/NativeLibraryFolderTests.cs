using Rearank.Core.Inference;

namespace Rearank.Core.Tests.Inference;

/// <summary>The check a user's llama.cpp build goes through: every function LLamaSharp imports, looked up in the library.</summary>
public sealed class NativeLibraryFolderTests
{
    private static string Native(string file) =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "noavx", file);

    [LinuxFact]
    public void The_bound_build_exports_every_function_llamasharp_imports()
    {
        Assert.True(NativeLibraryFolder.ImportedFunctions().Count() > 100);
        Assert.Contains("llama_decode", NativeLibraryFolder.ImportedFunctions());

        var missing = NativeLibraryFolder.MissingFunctions(Native("libllama.so"), out var error);

        Assert.Null(error);
        Assert.Empty(missing);
    }

    [LinuxFact]
    public void Another_library_lacks_them_all()
    {
        var missing = NativeLibraryFolder.MissingFunctions(Native("libggml-base.so"), out var error);

        Assert.Null(error);
        Assert.Equal(NativeLibraryFolder.ImportedFunctions().Count(), missing.Count);
    }
}
