namespace Rearank.Core.Inference;

/// <summary>The window does not fit the context the session was opened with.</summary>
public sealed class ContextTooSmallException(string message) : RearankException(message);

/// <summary>The session was closed while a window waited for it or was being decoded.</summary>
public sealed class SessionClosedException(string message) : RearankException(message);

/// <summary>A session that cannot have the memory it asks for: refused before llama.cpp allocates, with the figures.</summary>
public sealed class SessionMemoryException(string message, Exception? inner = null) : RearankException(message, inner);

/// <summary>A remote server does not return the log-probabilities first-token or pointwise reranking reads.</summary>
public sealed class LogprobsUnavailableException(string message) : RearankException(message);
