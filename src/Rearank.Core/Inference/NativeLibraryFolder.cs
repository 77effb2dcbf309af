using System.Reflection;
using System.Runtime.InteropServices;
using LLama.Native;

namespace Rearank.Core.Inference;

/// <summary>A llama.cpp build that is not the one LLamaSharp binds: refused before it is loaded, naming what it lacks.</summary>
public sealed class NativeLibraryMismatchException(string message) : RearankException(message);

/// <summary>
/// llama.cpp natives from a folder the user names (a Vulkan, ROCm or CUDA build made with llama.cpp's own CMake),
/// instead of the backend package the module ships. LLamaSharp 0.30 binds llama.cpp at commit 815a2a59; a library
/// from another commit can lack functions it calls or lay out its structures otherwise, so before anything is loaded
/// every function LLamaSharp imports from llama is looked up in the library, and one that is missing refuses it.
/// The choice holds for the process: llama.cpp is loaded once.
/// </summary>
public static class NativeLibraryFolder
{
    /// <summary>The llama.cpp commit LLamaSharp 0.30 was built from.</summary>
    public const string BoundCommit = "815a2a5915f22ce6a760c676389c5dfe8535c08f";

    private static readonly Lock Gate = new();

    /// <summary>The folder in use, or null for the module's own natives.</summary>
    public static string? Current { get; private set; }

    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "llama.dll" : OperatingSystem.IsMacOS() ? "libllama.dylib" : "libllama.so";

    public static void Use(string folder)
    {
        lock (Gate)
        {
            var full = Path.GetFullPath(folder);
            if (Current == full) return;
            var library = Path.Combine(full, LibraryFileName);
            if (!File.Exists(library))
                throw new NativeLibraryMismatchException($"There is no {LibraryFileName} in '{full}'. Point -NativeLibraryPath at the folder holding llama.cpp's built libraries (build/bin, with the ggml libraries beside it).");
            var missing = MissingFunctions(library, out var loadError);
            if (loadError is not null)
                throw new NativeLibraryMismatchException($"'{library}' cannot be loaded: {loadError}. Its ggml libraries must sit beside it (or on the loader's path).");
            if (missing.Count > 0)
                throw new NativeLibraryMismatchException(
                    $"'{library}' lacks {missing.Count} of the functions LLamaSharp 0.30 calls ({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}): " +
                    $"it is another llama.cpp than the one LLamaSharp binds. Build llama.cpp at commit {BoundCommit} (docs/gpu.md).");
            // Checked after the library itself, so a wrong build is named as such whatever was loaded before.
            if (Current is not null || NativeLibraryConfig.LLama.LibraryHasLoaded)
                throw new RearankException($"llama.cpp is already loaded in this process ({Current ?? "the module's own natives"}); start a new PowerShell to use the natives in '{full}'.");
            NativeLibraryConfig.All.WithLibrary(library, null);
            Current = full;
        }
    }

    /// <summary>Every entry point LLamaSharp imports from "llama" that the library does not export.</summary>
    public static IReadOnlyList<string> MissingFunctions(string library, out string? loadError)
    {
        loadError = null;
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(library);
        }
        catch (DllNotFoundException e)
        {
            loadError = e.Message;
            return [];
        }
        try
        {
            return ImportedFunctions().Where(name => !NativeLibrary.TryGetExport(handle, name, out _)).ToList();
        }
        finally
        {
            // Checking leaves nothing loaded; a build that passes is loaded again, by LLamaSharp, when a session opens.
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>
    /// Declared by LLamaSharp 0.30 but exported by no llama.cpp it was built with (its own natives lack them too):
    /// leftovers of older APIs that nothing calls, so their absence says nothing about a build.
    /// </summary>
    private static readonly HashSet<string> Stale = new(StringComparer.Ordinal)
    {
        "llama_adapter_meta_val_by_index", "llama_model_apply_lora_from_file", "llama_print_timings",
    };

    /// <summary>The names of the llama functions LLamaSharp's P/Invoke declarations name (its stale leftovers aside).</summary>
    internal static IEnumerable<string> ImportedFunctions()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        Type[] types;
        try
        {
            types = typeof(NativeApi).Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }
        return types.SelectMany(t => t.GetMethods(all))
            .Select(m => (Method: m, Import: m.GetCustomAttribute<DllImportAttribute>()))
            .Where(p => p.Import is not null && p.Import.Value == "llama")
            .Select(p => p.Import!.EntryPoint ?? p.Method.Name)
            .Where(n => n.Length > 0 && !Stale.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
