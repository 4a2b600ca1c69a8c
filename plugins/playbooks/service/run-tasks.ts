/** The queue task a durable playbook run is enqueued under. */
export const RUN_TASK = 'playbooks.run'
/** The task a received work item is enqueued under (the gitea receiver's default `queueTask`). */
export const WORK_ITEM_TASK = 'work-item'
