export default function PipelinePage() {
  return <div>PipelinePage</div>;
}
