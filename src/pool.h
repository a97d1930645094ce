/*
 * pool.h: a fixed set of worker threads over an ordered ring of jobs.
 *
 * The caller submits jobs in order and takes them back in the same order
 * once a worker has run work() on them, so the results of a parallel run
 * can be written exactly as a sequential run writes them.  The ring holds
 * at most the capacity given to pool_new: the caller takes the oldest job
 * back before it submits more (pool_full).  Only the thread that created
 * the pool may submit, help or take jobs back; work() runs on the workers
 * (and on that thread when it helps) and must touch no state another job
 * uses.
 */
#ifndef TLSTRACE_POOL_H
#define TLSTRACE_POOL_H

#include <stdbool.h>
#include <stddef.h>

struct pool;

/* What a worker does to one job. */
typedef void (*pool_work_fn)(void *job);

/* What a worker does just before it ends (release per-thread state). */
typedef void (*pool_exit_fn)(void);

/*
 * Starts nworkers threads (1 or more) over a ring of capacity jobs (1 or
 * more).  Returns NULL, with nothing started, when a thread cannot be
 * created or memory runs out.
 */
struct pool *pool_new(unsigned nworkers, size_t capacity, pool_work_fn work,
    pool_exit_fn on_exit);

/* True when the ring is full: take a job back before submitting. */
bool pool_full(const struct pool *p);

/* Jobs submitted and not yet taken back. */
size_t pool_pending(const struct pool *p);

/* Queues a job behind the others; the ring must not be full. */
void pool_submit(struct pool *p, void *job);

/*
 * Runs the oldest job no worker has started on the calling thread, the
 * one that submits: a thread that would wait for the workers works with
 * them instead.  Returns false when every job has been started.
 */
bool pool_help(struct pool *p);

/*
 * Takes back the oldest job once its work is done: waits for it when wait
 * is true, else returns NULL when it is not done yet.  Returns NULL when
 * no job is pending.
 */
void *pool_take(struct pool *p, bool wait);

/* Stops and joins the workers; no job may be pending.  Accepts NULL. */
void pool_free(struct pool *p);

#endif
