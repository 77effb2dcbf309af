using System.Management.Automation;
using Rearank.Core.Inference;

namespace Rearank.PowerShell.Bases;

/// <summary>The error category of a remote failure, by its kind: a script can tell a dead server from a wrong key.</summary>
public static class RemoteCategory
{
    public static ErrorCategory Of(RemoteFailureKind kind) => kind switch
    {
        RemoteFailureKind.Throttled => ErrorCategory.LimitsExceeded,
        RemoteFailureKind.Unauthorized => ErrorCategory.PermissionDenied,
        RemoteFailureKind.NotFound => ErrorCategory.ObjectNotFound,
        RemoteFailureKind.Timeout => ErrorCategory.OperationTimeout,
        RemoteFailureKind.Rejected or RemoteFailureKind.ReplyTooLarge => ErrorCategory.InvalidResult,
        _ => ErrorCategory.ConnectionError,
    };
}
