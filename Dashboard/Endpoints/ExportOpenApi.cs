using Coverage.Dashboard.Services;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coverage.Dashboard.Endpoints;

public static class ExportOpenApi
{
    /// <summary>
    /// Documents that the endpoint's 200 answer may also be a file (<c>format=xlsx</c> or <c>format=csv</c>): one status code
    /// holds one response type in the endpoint metadata, so the file content types are added to the operation itself.
    /// </summary>
    public static RouteHandlerBuilder ProducesExport(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue("200", out var ok)) operation.Responses["200"] = ok = new OpenApiResponse { Description = "OK" };
            if (ok is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                response.Content[TableExport.XlsxContentType] = new OpenApiMediaType { Schema = file };
                response.Content["text/csv"] = new OpenApiMediaType { Schema = file };
            }
            return Task.CompletedTask;
        });
}
