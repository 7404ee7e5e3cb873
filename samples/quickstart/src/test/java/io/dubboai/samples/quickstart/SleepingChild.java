package io.dubboai.samples.quickstart;

/** A child JVM for {@link ChildProcessTest}: says when it runs and when its shutdown hooks run, and waits. */
final class SleepingChild {

    private SleepingChild() {}

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("SHUTDOWN HOOK RAN")));
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
