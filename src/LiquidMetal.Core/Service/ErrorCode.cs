namespace LiquidMetal.Core.Service;

/// <summary>Failure kinds the API maps to status codes (gRPC: NotFound, AlreadyExists, FailedPrecondition).</summary>
public enum ErrorCode
{
    NotFound = 0,
    AlreadyExists = 1,
    FailedPrecondition = 2,
}
