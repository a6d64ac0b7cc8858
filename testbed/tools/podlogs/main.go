// Command podlogs gives every Job pod in the testbed configured log content.
//
// KWOK runs no containers, so `kubectl logs` can only return text from a file
// that a kwok `Logs` object points at. For every pod carrying the label
// batch.kubernetes.io/job-name this watcher writes a CRI-format log file and
// creates a kwok.x-k8s.io/v1alpha1 Logs object (same name and namespace as the
// pod, owned by the pod) that maps all of the pod's containers (init
// containers included) to that file.
//
// Default content (two lines):
//
//	job=<job> index=<index> pod=<pod>
//	attempt=<batch.kubernetes.io/job-index-failure-count or 0>
//
// If the pod (i.e. its Job's pod template) has the annotation
// testbed.kubectl-indexed/log, its value is used instead (one log line per
// line of the value).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

const (
	jobNameLabel      = "batch.kubernetes.io/job-name"
	indexAnnotation   = "batch.kubernetes.io/job-completion-index"
	failureCountAnnot = "batch.kubernetes.io/job-index-failure-count"
	overrideAnnot     = "testbed.kubectl-indexed/log"
)

var logsGVR = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "logs"}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig file")
	logsDir := flag.String("logs-dir", "", "directory for the CRI log files (absolute)")
	workers := flag.Int("workers", 8, "parallel workers")
	flag.Parse()
	if *logsDir == "" {
		fmt.Fprintln(os.Stderr, "--logs-dir is required")
		os.Exit(2)
	}
	dir, err := filepath.Abs(*logsDir)
	if err != nil {
		fatal(err)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fatal(err)
	}
	cfg.QPS, cfg.Burst = 1000, 2000
	cfg.UserAgent = "testbed-podlogs"
	cs := kubernetes.NewForConfigOrDie(cfg)
	dyn := dynamic.NewForConfigOrDie(cfg)

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = jobNameLabel }))
	inf := factory.Core().V1().Pods().Informer()
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	var done sync.Map // uid -> struct{}
	enqueue := func(obj any) {
		if p, ok := obj.(*corev1.Pod); ok {
			if _, seen := done.Load(p.UID); seen {
				return
			}
			if key, err := cache.MetaNamespaceKeyFunc(p); err == nil {
				queue.Add(key)
			}
		}
	}
	_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, n any) { enqueue(n) },
		DeleteFunc: func(obj any) {
			if p, ok := obj.(*corev1.Pod); ok {
				done.Delete(p.UID)
			}
		},
	})
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	fmt.Println("podlogs: watching pods with label", jobNameLabel, "; files in", dir)

	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				key, quit := queue.Get()
				if quit {
					return
				}
				err := handle(ctx, inf.GetStore(), dyn, dir, key, &done)
				if err != nil {
					fmt.Fprintf(os.Stderr, "podlogs: %s: %v\n", key, err)
					queue.AddRateLimited(key)
				} else {
					queue.Forget(key)
				}
				queue.Done(key)
			}
		}()
	}
	<-ctx.Done()
	queue.ShutDown()
	wg.Wait()
}

func handle(ctx context.Context, store cache.Store, dyn dynamic.Interface, dir, key string, done *sync.Map) error {
	obj, exists, err := store.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	pod := obj.(*corev1.Pod)
	if _, seen := done.Load(pod.UID); seen {
		return nil
	}
	file := filepath.Join(dir, pod.Namespace, pod.Name+".log")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	ts := time.Now().UTC()
	if !pod.CreationTimestamp.IsZero() {
		ts = pod.CreationTimestamp.UTC()
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(text(pod), "\n"), "\n") {
		fmt.Fprintf(&b, "%s stdout F %s\n", ts.Format(time.RFC3339Nano), line)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		return err
	}
	var containers []any
	for _, c := range pod.Spec.InitContainers {
		containers = append(containers, c.Name)
	}
	for _, c := range pod.Spec.Containers {
		containers = append(containers, c.Name)
	}
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1",
		"kind":       "Logs",
		"metadata": map[string]any{
			"name":      pod.Name,
			"namespace": pod.Namespace,
			"ownerReferences": []any{map[string]any{
				"apiVersion": "v1", "kind": "Pod", "name": pod.Name, "uid": string(pod.UID),
			}},
		},
		"spec": map[string]any{
			"logs": []any{map[string]any{
				"containers":       containers,
				"logsFile":         file,
				"previousLogsFile": file,
				"follow":           false,
			}},
		},
	}}
	_, err = dyn.Resource(logsGVR).Namespace(pod.Namespace).Create(ctx, u, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	done.Store(pod.UID, struct{}{})
	return nil
}

func text(pod *corev1.Pod) string {
	if t, ok := pod.Annotations[overrideAnnot]; ok && t != "" {
		return t
	}
	attempt := pod.Annotations[failureCountAnnot]
	if attempt == "" {
		attempt = "0"
	}
	return fmt.Sprintf("job=%s index=%s pod=%s\nattempt=%s\n",
		pod.Labels[jobNameLabel], pod.Annotations[indexAnnotation], pod.Name, attempt)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "podlogs:", err)
	os.Exit(1)
}
