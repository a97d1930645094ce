/*
 * pool.c: worker threads over an ordered ring of jobs (see pool.h).
 *
 * Three monotonic counters index the ring: head (the oldest job not taken
 * back), next (the oldest job no worker has started) and tail (one past
 * the newest job), with head <= next <= tail and tail - head <= capacity.
 * One mutex guards them and the done flags; workers wait on `work` for
 * next < tail, the submitting thread waits on `done` for the oldest job.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "pool.h"

struct slot {
	void *job;
	bool done;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a job to start, or stop */
	pthread_cond_t done;	/* a job finished */
	struct slot *ring;
	size_t capacity;
	size_t head, next, tail;
	bool stop;
	pool_work_fn run;
	pool_exit_fn on_exit;
	pthread_t *thread;
	unsigned nthreads;
};

/* A worker: runs jobs in the order they were submitted until stopped. */
static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct slot *s;

	(void)pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->next == p->tail)
			(void)pthread_cond_wait(&p->work, &p->lock);
		if (p->next == p->tail)
			break;		/* stopped; none left to start */
		s = &p->ring[p->next++ % p->capacity];
		(void)pthread_mutex_unlock(&p->lock);
		p->run(s->job);
		(void)pthread_mutex_lock(&p->lock);
		s->done = true;
		(void)pthread_cond_broadcast(&p->done);
	}
	(void)pthread_mutex_unlock(&p->lock);
	if (p->on_exit != NULL)
		p->on_exit();
	return NULL;
}

struct pool *
pool_new(unsigned nworkers, size_t capacity, pool_work_fn work,
    pool_exit_fn on_exit)
{
	struct pool *p;

	if (nworkers == 0 || capacity == 0 ||
	    (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->ring = calloc(capacity, sizeof(*p->ring));
	p->thread = calloc(nworkers, sizeof(*p->thread));
	if (p->ring == NULL || p->thread == NULL) {
		free(p->ring);
		free(p->thread);
		free(p);
		return NULL;
	}
	p->capacity = capacity;
	p->run = work;
	p->on_exit = on_exit;
	(void)pthread_mutex_init(&p->lock, NULL);
	(void)pthread_cond_init(&p->work, NULL);
	(void)pthread_cond_init(&p->done, NULL);
	for (; p->nthreads < nworkers; p->nthreads++) {
		if (pthread_create(&p->thread[p->nthreads], NULL, worker,
		    p) != 0) {
			pool_free(p);
			return NULL;
		}
	}
	return p;
}

bool
pool_full(const struct pool *p)
{
	/* Only the submitting thread moves tail; head too. */
	return p->tail - p->head == p->capacity;
}

size_t
pool_pending(const struct pool *p)
{
	return p->tail - p->head;
}

void
pool_submit(struct pool *p, void *job)
{
	struct slot *s;

	(void)pthread_mutex_lock(&p->lock);
	s = &p->ring[p->tail % p->capacity];
	s->job = job;
	s->done = false;
	p->tail++;
	(void)pthread_cond_signal(&p->work);
	(void)pthread_mutex_unlock(&p->lock);
}

bool
pool_help(struct pool *p)
{
	struct slot *s;

	(void)pthread_mutex_lock(&p->lock);
	if (p->next == p->tail) {
		(void)pthread_mutex_unlock(&p->lock);
		return false;
	}
	s = &p->ring[p->next++ % p->capacity];
	(void)pthread_mutex_unlock(&p->lock);
	p->run(s->job);
	(void)pthread_mutex_lock(&p->lock);
	s->done = true;		/* only this thread waits on done */
	(void)pthread_mutex_unlock(&p->lock);
	return true;
}

void *
pool_take(struct pool *p, bool wait)
{
	struct slot *s;
	void *job = NULL;

	(void)pthread_mutex_lock(&p->lock);
	if (p->head == p->tail)
		goto out;
	s = &p->ring[p->head % p->capacity];
	while (!s->done) {
		if (!wait)
			goto out;
		(void)pthread_cond_wait(&p->done, &p->lock);
	}
	job = s->job;
	s->job = NULL;
	p->head++;
out:
	(void)pthread_mutex_unlock(&p->lock);
	return job;
}

void
pool_free(struct pool *p)
{
	unsigned i;

	if (p == NULL)
		return;
	(void)pthread_mutex_lock(&p->lock);
	p->stop = true;
	(void)pthread_cond_broadcast(&p->work);
	(void)pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		(void)pthread_join(p->thread[i], NULL);
	(void)pthread_cond_destroy(&p->work);
	(void)pthread_cond_destroy(&p->done);
	(void)pthread_mutex_destroy(&p->lock);
	free(p->ring);
	free(p->thread);
	free(p);
}
