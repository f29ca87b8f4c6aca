/** No work order (or version) with this id, or none the user may see. */
export class WorkOrderNotFoundError extends Error {
  readonly _tag = 'WorkOrderNotFoundError' as const;
  override readonly name = 'WorkOrderNotFoundError';
  readonly workOrderId: string;

  constructor(workOrderId: string, options?: { cause?: unknown }) {
    super(`Work order ${workOrderId} was not found.`, options);
    this.workOrderId = workOrderId;
  }
}
