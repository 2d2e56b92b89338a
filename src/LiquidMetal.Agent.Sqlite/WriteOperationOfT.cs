namespace LiquidMetal.Agent.Sqlite;

/// <summary>A queued write whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal abstract class WriteOperation<TResult> : WriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;
    private TResult? _result;

    public Task<TResult> Task => _completion.Task;

    /// <summary>Lets the caller give up while the operation is still queued; once started it runs to the end.</summary>
    public void ObserveCancellation(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        _cancellation = cancellationToken.Register(
            static (state, token) =>
            {
                var operation = (WriteOperation<TResult>)state!;
                if (operation.TryCancel())
                {
                    operation._completion.TrySetCanceled(token);
                }
            },
            this);
    }

    public override void Complete()
    {
        _cancellation.Dispose();
        _completion.TrySetResult(_result!);
    }

    public override void Fail(Exception exception)
    {
        _cancellation.Dispose();
        _completion.TrySetException(exception);
    }

    /// <summary>The result to report when the batch commits.</summary>
    protected void SetResult(TResult result) => _result = result;
}
