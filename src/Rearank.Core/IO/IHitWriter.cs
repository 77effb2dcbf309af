using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>A destination for hits in some file format; the export cmdlets drive any of them the same way.</summary>
public interface IHitWriter : IDisposable
{
    void Write(RankedHit hit);

    /// <summary>Pushes what was written so far to the file, so an interrupted export keeps it.</summary>
    void Flush();
}
